"""A small fixed corpus of Gironde makers (and a few far away), indexed by `corpus` in conftest.

Every figure the tests rely on is written here once: ids, categories, labels, services,
territories, static ranks, publication dates and places. Edge points of the 10 km circle
around CENTRE are stated with their haversine distance, which test_geo checks.
"""

import datetime

from localiste.search.documents import SearchDocument

CENTRE = (44.8378, -0.5792)  # Bordeaux, place de la Comédie

# Categories: a parent and its children (documents carry both, as makers.services does).
FASHION, JEWELLERY, LEATHER, TEXTILE = 1, 11, 12, 13
HOME, FURNITURE, CERAMICS, LIGHTING, STAINED_GLASS, BASKETRY, KNIVES = 2, 21, 22, 23, 24, 25, 26
GAMES, BOARD_GAMES = 3, 31
CARE, SOAP = 4, 41
PAPER, BOOKBINDING = 5, 51
TOP_CATEGORIES = (FASHION, HOME, GAMES, CARE, PAPER)
# Labels.
ARTISAN_D_ART, EPV, MADE_IN_FRANCE = 5, 6, 7
# Territories: départements (each located maker in exactly one) and Bordeaux Métropole.
GIRONDE, FINISTERE, ALPES_MARITIMES, METROPOLE = 33, 29, 6, 3301
DEPARTEMENTS = (GIRONDE, FINISTERE, ALPES_MARITIMES)


def _day(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 9, 0, tzinfo=datetime.UTC)


def _maker(pk, name, *, place, categories, category_ids, territory_ids, rank, published, **more):
    lat, lon = place if place else (None, None)
    return SearchDocument(
        id=pk,
        name=name,
        categories=categories,
        category_ids=category_ids,
        territory_ids=territory_ids,
        latitude=lat,
        longitude=lon,
        rank=rank,
        published_at=published,
        **more,
    )


MAKERS = [
    _maker(
        1, "L'Atelier du Chêne",
        categories="Maison Mobilier Furniture",
        products="Tables en chêne massif, buffets, bibliothèques",
        tagline="Ébénisterie traditionnelle au cœur de Bordeaux",
        story="Marc restaure et fabrique des meubles en bois massif depuis 1998.",
        place=(44.8525, -0.5702),  # Chartrons, 1.78 km
        category_ids=(HOME, FURNITURE), label_ids=(ARTISAN_D_ART,),
        services=("workshop_visits", "made_to_order"), territory_ids=(GIRONDE, METROPOLE),
        rank=0.9, published=_day(2024, 3, 1),
    ),
    _maker(
        2, "Bijoux Lune",
        categories="Mode Bijoux Jewellery",
        products="Bagues en argent, boucles d'oreilles",
        tagline="Bijoux en argent recyclé",
        story="Claire dessine chaque pièce dans son atelier de Mérignac.",
        place=(44.8386, -0.6436),  # Mérignac, 5.08 km
        category_ids=(FASHION, JEWELLERY), label_ids=(MADE_IN_FRANCE,),
        services=("online_shop", "shipping"), territory_ids=(GIRONDE, METROPOLE),
        rank=0.7, published=_day(2025, 6, 1),
    ),
    _maker(
        3, "Céramiques de la Garonne",
        categories="Maison Céramique Ceramics",
        products="Bols, tasses et assiettes en grès",
        tagline="Poterie utilitaire tournée à la main",
        story="Un atelier ouvert au public le samedi.",
        place=(44.8086, -0.5478),  # Bègles, 4.08 km
        category_ids=(HOME, CERAMICS), label_ids=(ARTISAN_D_ART,),
        services=("workshop_visits", "on_site_sale"), territory_ids=(GIRONDE, METROPOLE),
        rank=0.6, published=_day(2025, 1, 15),
    ),
    _maker(
        4, "Maroquinerie Dupuy",
        categories="Mode Maroquinerie Leather goods",
        products="Sacs, ceintures et portefeuilles en cuir",
        tagline="Le cuir tanné végétal, cousu main",
        story="Sellier de formation, Jean travaille le cuir de vachette.",
        place=(44.9153, -0.2439),  # Libourne, 27.8 km
        category_ids=(FASHION, LEATHER), label_ids=(EPV, MADE_IN_FRANCE),
        services=("on_site_sale", "made_to_order"), territory_ids=(GIRONDE,),
        rank=0.8, published=_day(2023, 9, 10),
    ),
    _maker(
        5, "Les Jeux de Léo",
        categories="Jeux et jouets Jeux de société Games",
        products="Jeux de plateau en bois, puzzles",
        tagline="Des jeux de société fabriqués en Gironde",
        story="Léo dessine, découpe et peint chaque plateau.",
        place=(44.8067, -0.6311),  # Pessac, 5.36 km
        category_ids=(GAMES, BOARD_GAMES), label_ids=(MADE_IN_FRANCE,),
        services=("online_shop",), territory_ids=(GIRONDE, METROPOLE),
        rank=0.55, published=_day(2025, 9, 1),
    ),
    _maker(
        6, "Savonnerie des Dunes",
        categories="Hygiène Savons Soap",
        products="Savons à froid, shampoings solides",
        tagline="Savons au lait d'ânesse",
        story="Saponifiés à froid face au bassin.",
        place=(44.6586, -1.1689),  # Arcachon, 50.7 km
        category_ids=(CARE, SOAP),
        services=("on_site_sale", "shipping"), territory_ids=(GIRONDE,),
        rank=0.4, published=_day(2024, 11, 20),
    ),
    _maker(
        7, "Lumières d'Aquitaine",
        categories="Maison Luminaires Lighting",
        products="Lampes en bois flotté, suspensions",
        tagline="Luminaires sur mesure",
        story="Chaque lampe naît d'un morceau de bois ramassé sur la plage.",
        place=(44.8025, -0.5886),  # Talence, 4.00 km
        category_ids=(HOME, LIGHTING),
        services=("made_to_order",), territory_ids=(GIRONDE, METROPOLE),
        rank=0.45, published=_day(2025, 3, 3),
    ),
    _maker(
        8, "Vitraux Saint-Michel",
        categories="Maison Vitrail",
        products="Vitraux restaurés, lampes Tiffany",
        tagline="Le vitrail d'art à Bordeaux",
        story="Restauration des verrières des églises de Gironde.",
        place=(44.8343, -0.5663),  # Saint-Michel, 1.09 km
        category_ids=(HOME, STAINED_GLASS), label_ids=(ARTISAN_D_ART, EPV),
        services=("workshop_visits",), territory_ids=(GIRONDE, METROPOLE),
        rank=0.3, published=_day(2022, 5, 5),
    ),
    # "rotin" in the name (9, 10), the products (11), the tagline (12), the story (13); the
    # static ranks run the other way, so only the field weights put them in order.
    _maker(
        9, "Rotin Martin",
        categories="Maison Mobilier",
        products="Fauteuils et tables basses",
        tagline="Meubles tressés à Langon",
        place=(44.5531, -0.2494),  # Langon, 41 km
        category_ids=(HOME, FURNITURE),
        services=("workshop_visits",), territory_ids=(GIRONDE,),
        rank=0.1, published=_day(2021, 4, 1),
    ),
    _maker(
        10, "Rotin et Osier",
        categories="Maison Mobilier",
        products="Chaises cannées",
        tagline="Le mobilier tressé de Blaye",
        place=(45.1275, -0.6622),  # Blaye, 32.9 km
        category_ids=(HOME, FURNITURE),
        services=("online_shop",), territory_ids=(GIRONDE,),
        rank=0.65, published=_day(2021, 5, 1),
    ),
    _maker(
        11, "Vannerie de Cadillac",
        categories="Maison Vannerie",
        products="Paniers en rotin, corbeilles en osier",
        tagline="Le geste du vannier",
        place=(44.6372, -0.3183),  # Cadillac, 30.4 km
        category_ids=(HOME, BASKETRY),
        services=("on_site_sale",), territory_ids=(GIRONDE,),
        rank=0.2, published=_day(2021, 6, 1),
    ),
    _maker(
        12, "Atelier Tressage",
        categories="Maison Mobilier",
        products="Chaises et tabourets",
        tagline="Chaises en rotin et cannage",
        place=(45.0003, -1.1944),  # Lacanau, 51.7 km
        category_ids=(HOME, FURNITURE),
        services=("workshop_visits",), territory_ids=(GIRONDE,),
        rank=0.5, published=_day(2021, 7, 1),
    ),
    _maker(
        13, "Le Grenier de Lucie",
        categories="Maison Décoration",
        products="Objets chinés et restaurés",
        tagline="Brocante et décoration",
        story="Lucie a appris le rotin auprès de son grand-père.",
        place=(44.4317, -0.2133),  # Bazas, 53.6 km
        category_ids=(HOME,),
        services=("on_site_sale",), territory_ids=(GIRONDE,),
        rank=0.95, published=_day(2021, 8, 1),
    ),
    # Around the 10 km circle of CENTRE (haversine distances, see test_geo).
    _maker(
        14, "Poterie des Vignes",
        categories="Maison Céramique",
        products="Pots et jarres en terre cuite",
        tagline="Terre des Graves",
        place=(44.77481, -0.49052),  # 9.900 km south-east: inside
        category_ids=(HOME, CERAMICS), label_ids=(ARTISAN_D_ART,),
        services=("on_site_sale",), territory_ids=(GIRONDE,),
        rank=0.35, published=_day(2025, 10, 1),
    ),
    _maker(
        15, "Poterie du Lac",
        categories="Maison Céramique",
        products="Vaisselle en faïence",
        tagline="Terre et émail",
        place=(44.77354, -0.66967),  # 10.099 km south-west: outside
        category_ids=(HOME, CERAMICS),
        services=("on_site_sale",), territory_ids=(GIRONDE,),
        rank=0.25, published=_day(2025, 11, 1),
    ),
    _maker(
        16, "Tissage du Nord",
        categories="Mode Textile",
        products="Linge de maison en lin tissé",
        tagline="Tisserande à Parempuyre",
        place=(44.92683, -0.5792),  # 9.900 km north: inside
        category_ids=(FASHION, TEXTILE),
        services=("workshop_visits", "online_shop"), territory_ids=(GIRONDE, METROPOLE),
        rank=0.15, published=_day(2025, 12, 1),
    ),
    _maker(
        17, "Coutellerie de l'Est",
        categories="Maison Coutellerie",
        products="Couteaux pliants en acier",
        tagline="Lames forgées à la main",
        place=(44.83773, -0.45111),  # 10.100 km east: outside
        category_ids=(HOME, KNIVES), label_ids=(MADE_IN_FRANCE,),
        services=("on_site_sale",), territory_ids=(GIRONDE,),
        rank=0.05, published=_day(2026, 1, 5),
    ),
    # Far away.
    _maker(
        18, "Menuiserie du Léon",
        categories="Maison Mobilier Furniture",
        products="Meubles en chêne et en hêtre",
        tagline="Menuisier à Brest",
        place=(48.3904, -4.4861),  # Brest, 495 km
        category_ids=(HOME, FURNITURE),
        services=("made_to_order",), territory_ids=(FINISTERE,),
        rank=0.85, published=_day(2023, 2, 2),
    ),
    _maker(
        19, "Faïencerie Niçoise",
        categories="Maison Céramique",
        products="Assiettes et carreaux en faïence",
        tagline="La faïence de Nice",
        place=(43.7102, 7.2620),  # Nice, 636 km
        category_ids=(HOME, CERAMICS),
        services=("on_site_sale",), territory_ids=(ALPES_MARITIMES,),
        rank=0.22, published=_day(2022, 8, 8),
    ),
    # Online only: no place.
    _maker(
        20, "Reliure en ligne",
        categories="Papeterie Reliure",
        products="Carnets reliés main",
        tagline="Carnets sur commande",
        place=None,
        category_ids=(PAPER, BOOKBINDING),
        services=("online_shop", "made_to_order"), territory_ids=(),
        rank=0.32, published=_day(2024, 1, 1),
    ),
]  # fmt: skip

ALL_IDS = [maker.id for maker in MAKERS]
LOCATED_IDS = [maker.id for maker in MAKERS if maker.latitude is not None]
GIRONDE_IDS = [maker.id for maker in MAKERS if GIRONDE in maker.territory_ids]
BY_ID = {maker.id: maker for maker in MAKERS}
# Viewports: the Gironde (every maker of it, no one else), and the whole world.
GIRONDE_BBOX = (-1.5, 44.2, 0.0, 45.4)  # min lon, min lat, max lon, max lat
WORLD_BBOX = (-180.0, -85.0, 180.0, 85.0)
