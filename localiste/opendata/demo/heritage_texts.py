"""What the demo says about the Gironde's heritage crafts: its know-how pages and the makers
who carry them on. Editorial text kept restrained: what general histories of the trades
say, no invented figures; the makers are fictional."""

SOURCES_COOPERAGE = """\
- Musée d'Aquitaine (Bordeaux), collections sur le commerce du vin et le port.
- Musée du Vin et du Négoce de Bordeaux, quartier des Chartrons.
- Archives départementales de la Gironde, fonds des corporations de métiers d'Ancien Régime.
- Fédération française de la tonnellerie, présentation du métier et de sa formation.
"""

SOURCES_FAIENCE = """\
- Musée des Arts décoratifs et du Design de Bordeaux (madd), collections de céramique.
- Archives Bordeaux Métropole, fonds sur les manufactures du quartier de Bacalan.
- Ouvrages généraux sur la faïence française du XVIIIe siècle.
"""

SOURCES_CORK = """\
- Musée du Liège et du Bouchon, Mézin (Lot-et-Garonne).
- Ouvrages généraux sur l'histoire des bouchonneries du Marensin et de l'Albret.
- Ouvrages généraux sur l'histoire du négoce des vins de Bordeaux.
"""

KNOWHOWS = [
    {
        "slug": "tonnellerie-girondine",
        "position": 10,
        "title_fr": "La tonnellerie girondine",
        "title_en": "Gironde cooperage",
        "summary_fr": (
            "Depuis des siècles, le vin de Bordeaux voyage et s'élève en barrique : les "
            "tonneliers du département en perpétuent le geste."
        ),
        "summary_en": (
            "For centuries, Bordeaux wine has travelled and aged in barrels: the coopers of "
            "the Gironde carry on the craft."
        ),
        "body_fr": """\
Le port de Bordeaux a longtemps expédié son vin en fûts de bois, vers l'Angleterre d'abord,
puis vers l'Europe du Nord et les Amériques. Le *tonneau* est resté l'unité de compte du
négoce bordelais : on y donne encore les prix pour le tonneau, soit quatre barriques
(900 litres).

## Du merrain à la barrique

Le tonnelier part du **merrain**, des planches de chêne fendues ou sciées puis séchées à
l'air libre pendant plusieurs années. Il assemble les douelles en rose, les cintre sur un
feu de bois en les arrosant, puis les resserre avec des cercles. La **chauffe** de
l'intérieur du fût, plus ou moins longue, donne au vin une part de ses arômes : chaque
tonnellerie a la sienne.

La barrique bordelaise, d'environ 225 litres, est devenue un modèle bien au-delà de la
Gironde. Les foudres, de grande contenance, et les cuves en bois demandent le même métier.

## Un métier vivant

Sous l'Ancien Régime, les tonneliers de Bordeaux formaient une corporation ; de grands
domaines employaient leur propre tonnelier de château. Aujourd'hui, des tonnelleries de
toutes tailles travaillent dans le Libournais, le Médoc et l'Entre-deux-Mers, et d'autres
artisans donnent une seconde vie au bois des barriques.
""",
        "body_en": """\
The port of Bordeaux long shipped its wine in wooden casks, first to England, then to
northern Europe and the Americas. The *tonneau* remained the unit of the Bordeaux wine
trade: prices are still quoted for the tonneau, that is four barrels (900 litres).

## From stave wood to barrel

The cooper starts from **stave wood**, oak split or sawn into planks and then seasoned in
the open air for several years. The staves are raised into a rose, bent over a wood fire
while being wetted, then drawn tight with hoops. The **toasting** of the inside of the
barrel, longer or shorter, gives the wine part of its aromas: each cooperage has its own.

The Bordeaux barrel, of about 225 litres, became a model far beyond the Gironde. Large
casks and wooden vats call for the same skills.

## A living craft

Under the Ancien Régime, the coopers of Bordeaux formed a guild; large estates employed
their own château cooper. Today, cooperages of every size work in the Libournais, the
Médoc and the Entre-deux-Mers, and other makers give the wood of old barrels a second life.
""",
        "sources": SOURCES_COOPERAGE,
        "categories": ["tonnellerie"],
        "keywords": "tonnelier, barrique, merrain",
        "photos": [
            {
                "pattern": "grain",
                "palette": ("#6b4226", "#a47148", "#d9b48f"),
                "alt_text_fr": "Veinures d'un bois de chêne clair et foncé, comme une douelle",
                "alt_text_en": "Light and dark oak grain, like a barrel stave",
                "caption_fr": "Le chêne du merrain sèche plusieurs années avant d'être travaillé.",
                "caption_en": "Stave oak seasons for several years before it is worked.",
            },
            {
                "pattern": "stripes",
                "palette": ("#3b2a20", "#8c5a3c", "#5a5f66"),
                "alt_text_fr": "Bandes de bois brun serrées par des cercles gris",
                "alt_text_en": "Bands of brown wood held by grey hoops",
                "caption_fr": "Douelles et cercles d'une barrique.",
                "caption_en": "The staves and hoops of a barrel.",
            },
        ],
    },
    {
        "slug": "faience-de-bordeaux",
        "position": 20,
        "title_fr": "La faïence de Bordeaux",
        "title_en": "Bordeaux faience",
        "summary_fr": (
            "De la manufacture de Jacques Hustin, au XVIIIe siècle, à celle de Bacalan, au "
            "XIXe, Bordeaux a eu ses faïences ; des céramistes en reprennent aujourd'hui les "
            "décors."
        ),
        "summary_en": (
            "From Jacques Hustin's manufactory in the 18th century to the Bacalan one in the "
            "19th, Bordeaux had its own faience; ceramists take up its decorations today."
        ),
        "body_fr": """\
Au début du XVIIIe siècle, Bordeaux obtient sa première manufacture de faïence, celle de
Jacques Hustin, qui produit de la vaisselle et des pièces d'apparat au décor peint. Elle
jouit d'un privilège exclusif, qui tient longtemps la concurrence à l'écart de la ville.

## Bacalan et la faïence fine

Au XIXe siècle, une grande manufacture s'installe dans le quartier de Bacalan, fondée par
David Johnston puis reprise par Jules Vieillard. Elle produit en quantité une faïence fine,
une terre blanche sous glaçure transparente plombifère, aux décors imprimés ou peints, dont
des décors inspirés du Japon qui firent sa renommée, avant de fermer à la fin du siècle.

## Les céramistes d'aujourd'hui

Les collections publiques bordelaises conservent ces pièces. Des céramistes du territoire
travaillent à nouveau la terre émaillée et réinterprètent les décors de ces manufactures.
""",
        "body_en": """\
Early in the 18th century, Bordeaux gained its first faience manufactory, that of Jacques
Hustin, which made tableware and display pieces with painted decoration. It enjoyed an
exclusive privilege, which long kept competitors out of the city.

## Bacalan and fine earthenware

In the 19th century a large manufactory settled in the Bacalan district, founded by David
Johnston and later taken over by Jules Vieillard. It made *faïence fine* in quantity, a
white earthenware under a clear lead glaze, with printed or painted decoration, including
the Japanese-inspired designs it became known for, before closing at the end of the century.

## Ceramists today

Bordeaux's public collections keep these pieces. Ceramists of the territory work
glazed earthenware again and reinterpret the decorations of these manufactories.
""",
        "sources": SOURCES_FAIENCE,
        "categories": ["faience"],
        "keywords": "faïence, faïencier",
        "photos": [
            {
                "pattern": "dots",
                "palette": ("#f4efe4", "#2d5d8a", "#c8a24a"),
                "alt_text_fr": "Motif de pois bleus et dorés sur un fond blanc crème d'émail",
                "alt_text_en": "Blue and gold dots on a cream-white glaze",
                "caption_fr": "Bleus et ors, couleurs familières des décors de faïence.",
                "caption_en": "Blues and golds, familiar colours of faience decoration.",
            },
        ],
    },
    {
        "slug": "liege-et-bouchons",
        "position": 30,
        "title_fr": "Le liège et les bouchonniers",
        "title_en": "Cork and cork makers",
        "summary_fr": (
            "Le chêne-liège des Landes et du Lot-et-Garonne a fait vivre des bouchonneries, "
            "dont le vignoble et le négoce de la Gironde étaient les grands clients."
        ),
        "summary_en": (
            "The cork oak of the Landes and the Lot-et-Garonne kept cork works busy, and the "
            "vineyards and wine merchants of the Gironde were their great customers."
        ),
        "body_fr": """\
Dans le Sud-Ouest, le chêne-liège pousse sur des sols sableux : dans le Marensin, sur la
côte landaise, et dans l'Albret, autour de Mézin, en Lot-et-Garonne. Son écorce se récolte
à la main, sans abattre l'arbre, et ne se reforme qu'au bout de longues années : le leveur
de liège doit savoir l'ôter sans blesser le tronc.

## Du bouchon aux objets

Au XIXe siècle, les bouchonneries du Marensin et de Mézin taillent des bouchons que le
vignoble et le négoce de la Gironde leur achètent pour boucher leurs vins. Le liège sert
aussi de flotteur, d'isolant et de revêtement. Aujourd'hui, des artisans le travaillent en
objets, en revêtements et en accessoires.
""",
        "body_en": """\
In the south-west, the cork oak grows on sandy soils: in the Marensin, on the Landes
coast, and in the Albret, around Mézin, in the Lot-et-Garonne. Its bark is harvested by
hand without felling the tree, and grows back only after many years: the harvester must
know how to lift it without wounding the trunk.

## From stoppers to objects

In the 19th century, the cork works of the Marensin and of Mézin cut stoppers that the
vineyards and wine merchants of the Gironde bought to seal their wines. Cork also served for
floats, insulation and coverings. Today, makers turn it into objects, coverings and
accessories.
""",
        "sources": SOURCES_CORK,
        "categories": ["liege"],
        "keywords": "bouchonnier",
        "photos": [
            {
                "pattern": "speckle",
                "palette": ("#b98a5a", "#7a5230", "#e3c9a4"),
                "alt_text_fr": "Texture mouchetée brun doré évoquant une plaque de liège",
                "alt_text_en": "Golden-brown speckled texture, like a sheet of cork",
                "caption_fr": "Le grain du liège, léger et élastique.",
                "caption_en": "The grain of cork, light and springy.",
            },
        ],
    },
]

# The cover of each trade's makers (their alt text names the workshop).
COVERS = {
    "tonnellerie": {
        "pattern": "grain",
        "palette": ("#efe6d8", "#6b4226", "#a47148", "#3b2a20"),
        "alt_text": "Veinures de chêne, le bois travaillé à l'atelier {name}",
    },
    "faience": {
        "pattern": "dots",
        "palette": ("#f4efe4", "#2d5d8a", "#c8a24a", "#1f3b57"),
        "alt_text": "Décor bleu et or sur émail blanc, comme les pièces de l'atelier {name}",
    },
    "liege": {
        "pattern": "speckle",
        "palette": ("#e3c9a4", "#b98a5a", "#7a5230", "#4a3220"),
        "alt_text": "Grain moucheté du liège travaillé à l'atelier {name}",
    },
}

# Fictional makers of the demo, in real communes of the Gironde.
MAKERS = [
    {
        "name": "Tonnellerie Castagnet",
        "category": "tonnellerie",
        "locality": "Saint-Émilion",
        "street": "Lieu-dit Les Graves",
        "tagline": "Barriques en chêne français, chauffées au feu de bois",
        "story": (
            "Tonneliers de père en fils au pied des coteaux, nous fabriquons des barriques "
            "bordelaises pour les domaines du Libournais."
        ),
        "know_how": (
            "Merrain séché trois ans à l'air libre, cintrage au feu de bois, chauffe adaptée "
            "à chaque vin. Réparation de fûts anciens."
        ),
        "offers_workshop_visits": True,
        "payment_methods": ["cash", "cheque", "card", "bank_transfer"],
        "languages_spoken": ["fr", "en"],
        "workshop_access": "step_free",
        "founded_year": 1962,
    },
    {
        "name": "Atelier du Merrain",
        "category": "tonnellerie",
        "locality": "Libourne",
        "street": "",
        "tagline": "Foudres et cuves tronconiques sur mesure",
        "story": (
            "Un atelier de tonnelier installé au bord de la Dordogne, spécialisé dans "
            "les grands contenants : foudres, cuves et fûts de grande taille."
        ),
        "know_how": (
            "Assemblage des douelles à la main, cerclage, montage sur place dans les chais."
        ),
        "offers_made_to_order": True,
        "founded_year": 1998,
    },
    {
        "name": "Tonnellerie Lestage",
        "category": "tonnellerie",
        "locality": "Pauillac",
        "street": "Route des Châteaux",
        "tagline": "Barriques bordelaises et entretien des chais du Médoc",
        "story": (
            "Ancien tonnelier de château, Pierre Lestage a ouvert son atelier pour servir "
            "les propriétés du Médoc."
        ),
        "know_how": "Fabrication de barriques de 225 litres, remise en état de fûts.",
        "offers_on_site_sale": True,
        "founded_year": 2009,
    },
    {
        "name": "Les Douelles de l'Entre-deux-Mers",
        "category": "tonnellerie",
        "locality": "Créon",
        "street": "Chemin de la Lande",
        "tagline": "Objets et mobilier en bois de barrique",
        "story": (
            "Nous récupérons les barriques réformées des domaines voisins pour en faire "
            "des tables, des porte-bouteilles et des objets du quotidien."
        ),
        "know_how": "Démontage des fûts, ponçage des douelles, assemblage sans clou apparent.",
        "offers_on_site_sale": True,
        "founded_year": 2016,
    },
    {
        "name": "Faïencerie des Chartrons",
        "category": "faience",
        "locality": "Bordeaux",
        "street": "Rue Notre-Dame",
        "tagline": "Faïence peinte à la main, décors inspirés des manufactures bordelaises",
        "story": "Un atelier de faïencier au cœur des Chartrons : vaisselle et pièces uniques.",
        "know_how": (
            "Terre émaillée, décor peint au pinceau sur émail cru, cuisson au four électrique."
        ),
        "offers_workshop_visits": True,
        "offers_visits_by_appointment": True,
        "payment_methods": ["cheque", "bank_transfer"],
        "languages_spoken": ["fr", "oc"],
        "workshop_access": "partly",
        "workshop_access_note": "Une marche de 10 cm à l'entrée de l'atelier.",
        "founded_year": 2012,
    },
    {
        "name": "Atelier L'Écorce",
        "category": "liege",
        "locality": "Bazas",
        "street": "Place de la Cathédrale",
        "tagline": "Objets en liège, du sous-main au luminaire",
        "story": (
            "Sous-mains, dessous-de-plat et luminaires taillés dans du liège des Landes et du "
            "Lot-et-Garonne."
        ),
        "know_how": "Liège naturel et aggloméré, découpe et collage sans solvant.",
        "offers_online_shop": True,
        "founded_year": 2019,
    },
]
