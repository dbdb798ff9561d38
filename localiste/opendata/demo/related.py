"""Which other trades a demo maker may also be listed in: a table reviewed by eye.

A maker's secondary categories stay under its own top-level category, or under one of
the (at most three) related top-level categories below, so a soap maker never shows up
in Furniture. Keys and values are top-level category slugs of catalog/data/categories.json.
"""

MAX_RELATED = 3

RELATED_TOPS: dict[str, tuple[str, ...]] = {
    "vetements": ("accessoires-de-mode", "linge-de-maison", "mercerie-et-loisirs-creatifs"),
    "accessoires-de-mode": ("vetements", "maroquinerie", "bijoux"),
    "bijoux": ("accessoires-de-mode", "coutellerie-et-metal"),
    "mobilier": ("travail-du-bois", "luminaires-et-decoration"),
    "jeux-et-jouets": ("travail-du-bois", "papeterie-et-edition"),
    "ceramique": ("luminaires-et-decoration", "verre", "art-et-illustration"),
    "maroquinerie": ("accessoires-de-mode", "accessoires-pour-animaux"),
    "luminaires-et-decoration": ("mobilier", "ceramique", "verre"),
    "linge-de-maison": ("mercerie-et-loisirs-creatifs", "vetements", "luminaires-et-decoration"),
    "savons-et-cosmetiques": ("linge-de-maison",),
    "papeterie-et-edition": ("art-et-illustration", "jeux-et-jouets"),
    "instruments-de-musique": ("travail-du-bois",),
    "coutellerie-et-metal": ("travail-du-bois", "bijoux"),
    "verre": ("luminaires-et-decoration", "ceramique", "bijoux"),
    "travail-du-bois": ("mobilier", "jeux-et-jouets", "instruments-de-musique"),
    "art-et-illustration": ("papeterie-et-edition", "ceramique"),
    "mercerie-et-loisirs-creatifs": ("linge-de-maison", "vetements"),
    "sports-et-glisse": ("travail-du-bois",),
    "accessoires-pour-animaux": ("maroquinerie", "linge-de-maison"),
}


def related_tops(top_slug: str) -> tuple[str, ...]:
    """The top-level slugs a maker of `top_slug` may also be listed under (itself first)."""
    return (top_slug, *RELATED_TOPS.get(top_slug, ()))
