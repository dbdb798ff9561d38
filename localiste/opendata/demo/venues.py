"""Where a demo maker sells besides its workshop: markets and fairs that fit its trade.

The markets and fairs of data/demo-words.json are open to every trade, except the ones
named in TRADE_VENUES (a potters' market takes potters only); TRADE_FAIRS adds one fair per
trade. Keys are top-level category slugs of catalog/data/categories.json. A maker outside
Gironde sells at its own town's makers' market, or at its trade's fair there.
"""

from functools import cache

from localiste.opendata.demo.banks import words
from localiste.opendata.demo.names import of_place

Venue = tuple[str, str, str]  # name, town, when

# Venues of demo-words.json that take one trade (or a few) only.
TRADE_VENUES: dict[str, tuple[str, ...]] = {
    "Marché des potiers": ("ceramique",),
    "Rencontres céramiques de Bordeaux": ("ceramique",),
}

# A fair in Gironde for each trade (and the trades close to it).
TRADE_FAIRS: tuple[tuple[Venue, tuple[str, ...]], ...] = (
    (("Rencontres du verre et du vitrail", "Bordeaux", "en octobre"), ("verre",)),
    (("Salon du bijou de créateur", "Bordeaux", "en décembre"), ("bijoux",)),
    (("Salon de la lutherie", "Bordeaux", "en mars"), ("instruments-de-musique",)),
    (("Salon du couteau et de la forge", "Bazas", "en février"), ("coutellerie-et-metal",)),
    (("Salon de la glisse artisanale", "Lacanau", "en août"), ("sports-et-glisse",)),
    (
        ("Fête du bois et de la forêt", "Hostens", "en juillet"),
        ("travail-du-bois", "mobilier", "jeux-et-jouets"),
    ),
    (("Salon des cosmétiques naturels", "Mérignac", "en mars"), ("savons-et-cosmetiques",)),
    (
        ("Salon des fils et des tissus", "Bordeaux", "au printemps"),
        ("vetements", "linge-de-maison", "mercerie-et-loisirs-creatifs", "accessoires-de-mode"),
    ),
    (
        ("Salon de l'estampe et du livre d'artiste", "Bordeaux", "en novembre"),
        ("papeterie-et-edition", "art-et-illustration"),
    ),
    (("Marché de Noël du cuir", "Libourne", "en décembre"), ("maroquinerie",)),
)

# Outside Gironde: the trade's own fair in the maker's town ("{of}" = "de Tulle").
TRADE_FAIRS_ELSEWHERE: dict[str, str] = {
    "ceramique": "Marché des potiers {of}",
    "verre": "Rencontres du verre {of}",
    "coutellerie-et-metal": "Salon du couteau {of}",
    "instruments-de-musique": "Salon de la lutherie {of}",
}


def _fits(trades: tuple[str, ...] | None, top_slug: str) -> bool:
    return trades is None or top_slug in trades


@cache
def gironde_venues(kind: str, top_slug: str) -> tuple[Venue, ...]:
    """The Gironde markets ("market") or fairs ("fair") open to makers of `top_slug`."""
    listed = [tuple(venue) for venue in words()["markets" if kind == "market" else "fairs"]]
    own = [venue for venue, trades in TRADE_FAIRS if top_slug in trades] if kind == "fair" else []
    return tuple([venue for venue in listed if _fits(TRADE_VENUES.get(venue[0]), top_slug)] + own)


def venue_trades(name: str) -> tuple[str, ...] | None:
    """The trades a venue is for, or None for a venue open to every trade."""
    if name in TRADE_VENUES:
        return TRADE_VENUES[name]
    for (fair, _, _), trades in TRADE_FAIRS:
        if fair == name:
            return trades
    for top_slug, template in TRADE_FAIRS_ELSEWHERE.items():
        if name.startswith(template.split("{of}")[0]):
            return (top_slug,)
    return None


def venue_elsewhere(kind: str, top_slug: str, locality: str, *, own_fair: bool) -> Venue:
    """A market or fair in the maker's own town, outside Gironde."""
    if kind == "market":
        return f"Marché des créateurs {of_place(locality)}", locality, "le dimanche"
    template = TRADE_FAIRS_ELSEWHERE.get(top_slug)
    if template and own_fair:
        return template.format(of=of_place(locality)), locality, "au printemps"
    return f"Salon des métiers d'art {of_place(locality)}", locality, "en automne"
