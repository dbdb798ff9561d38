"""Which materials each technique works, and which technique each tagline names: reviewed by eye.

A tagline such as "Pièces en {material} soufflées à la canne" describes a technique (glass
blowing), so its {material} is drawn only from the materials that technique works: never
"Pièces en plomb soufflées à la canne". A tagline that names no technique ("Des accessoires
en {material}…") draws from the materials a piece can be made *of* (no glaze, thread or paint).
Keys and values are the words of data/demo-crafts.json; test_demo_taglines checks they match.
"""

# Technique → the materials of its craft bank it works.
TECHNIQUE_MATERIALS: dict[str, tuple[str, ...]] = {
    "la coupe à plat": (
        "lin lavé", "coton biologique", "laine des Pyrénées", "chanvre", "tissus de fin de série",
        "denim japonais",
    ),
    "le tournage": ("grès", "porcelaine", "faïence", "terre rouge", "argile de Gironde"),
    "le tissage sur métier à bras": ("lin lavé", "coton biologique", "laine", "chanvre"),
    "la risographie": ("papier recyclé", "papier coton"),
    "la forge de lames": ("acier au carbone", "acier inoxydable", "damas"),
    "le soufflage de verre": ("verre recyclé", "verre borosilicate", "verre coloré", "cristal"),
    "la mise en plomb du vitrail": ("verre coloré", "plomb"),
    "le tournage sur bois": (
        "chêne", "pin maritime", "noyer", "merisier", "buis", "olivier", "chêne de barrique",
    ),
}  # fmt: skip

# Tagline template → the technique it describes.
TAGLINE_TECHNIQUES: dict[str, str] = {
    "Vêtements en {material} coupés et cousus {at_locality}": "la coupe à plat",
    "Vaisselle en {material} tournée et émaillée {at_locality}": "le tournage",
    "Linge de maison en {material} tissé et cousu {at_locality}": "le tissage sur métier à bras",
    "Papeterie en {material}, imprimée en risographie": "la risographie",
    "Forge de lames en {material} et ferronnerie d'art": "la forge de lames",
    "Pièces en {material} soufflées à la canne": "le soufflage de verre",
    "Ustensiles et objets en {material}, de l'arbre à la main": "le tournage sur bois",
}

# Materials a piece is not made of (glazes, threads, paints, wax…): left out of the
# taglines that name no technique.
NOT_A_BODY: frozenset[str] = frozenset(
    {
        "émaux sans plomb", "fil de lin ciré", "peintures à l'eau", "cire de colza",
        "encres végétales", "toile de reliure", "acier chromoly", "plomb",
    }
)  # fmt: skip


def tagline_materials(template: str, materials: tuple[str, ...]) -> tuple[str, ...]:
    """The materials of a bank that `template`'s {material} may name (in the bank's order)."""
    technique = TAGLINE_TECHNIQUES.get(template)
    if technique is not None:
        allowed = set(TECHNIQUE_MATERIALS[technique])
        return tuple(material for material in materials if material in allowed)
    return tuple(material for material in materials if material not in NOT_A_BODY)
