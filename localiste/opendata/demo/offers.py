"""What a demo maker sells, when it opens and where else it sells."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from random import Random

from localiste.opendata.demo import venues
from localiste.opendata.demo.banks import CraftBank, ProductKind, collections, colours, words
from localiste.opendata.demo.names import slug_of


@dataclass(slots=True)
class ProductDraft:
    name: str
    slug: str
    description: str
    materials: str
    price_kind: str
    price_min: Decimal | None
    price_max: Decimal | None
    made_to_order: bool
    photo_alt: str


def _price(value: float) -> Decimal:
    """A shop price: 8.90, 24.00, 45.00, 185.00, 1 240.00…"""
    if value < 20:
        return Decimal(f"{round(value * 2) / 2 - 0.10:.2f}") if value >= 2 else Decimal("2.00")
    if value < 100:
        return Decimal(f"{round(value):d}.00")
    if value < 1000:
        return Decimal(f"{round(value / 5) * 5:d}.00")
    return Decimal(f"{round(value / 10) * 10:d}.00")


def products(rng: Random, bank: CraftBank, *, count: int, maker_name: str) -> list[ProductDraft]:
    kinds: list[ProductKind] = rng.sample(bank.products, min(count, len(bank.products)))
    drafts, slugs = [], set()
    for kind in kinds:
        material = rng.choice(kind.materials)
        style = rng.random()
        if style < 0.4 and material != "—":
            name = f"{kind.name} en {material}"
        elif style < 0.7:
            name = f"{kind.name} « {rng.choice(collections())} »"
        else:
            name = f"{kind.name} {rng.choice(colours())}"
        slug = slug_of(name)
        while slug in slugs:
            slug += "-2"
        slugs.add(slug)
        made_to_order = rng.random() < (0.6 if kind.may_be_quoted else 0.12)
        roll = rng.random()
        if kind.may_be_quoted and roll < 0.35:
            price_kind, low, high = "quote", None, None
        elif roll < 0.6:
            price_kind, high = "fixed", None
            low = _price(rng.uniform(kind.price_min, kind.price_max))
        else:
            middle = (kind.price_min + kind.price_max) / 2
            price_kind = "range"
            low = _price(rng.uniform(kind.price_min, middle))
            high = max(low, _price(rng.uniform(middle, kind.price_max)))
        description = (
            f"Fabrication à la main, à l'atelier, en {material}. "
            "Chaque pièce est légèrement différente : c'est la marque du fait-main."
        )
        if made_to_order:
            description += "\n\nRéalisation sur commande : comptez trois à six semaines."
        materials = ", ".join(dict.fromkeys([material, *rng.sample(kind.materials, 1)]))
        drafts.append(
            ProductDraft(
                name=name,
                slug=slug,
                description=description,
                materials=materials if material != "—" else "",
                price_kind=price_kind,
                price_min=low,
                price_max=high,
                made_to_order=made_to_order,
                photo_alt=f"{name} — {maker_name}",
            )
        )
    return drafts


_T = datetime.time
# (share of makers, [(weekdays, [(opens, closes), …]), …]); Monday is 0.
_SCHEDULES = [
    (35, [((1, 2, 3, 4, 5), [(_T(10), _T(12, 30)), (_T(14), _T(19))])]),
    (20, [((2, 3, 4, 5), [(_T(10), _T(18))])]),
    (10, [((3, 4, 5), [(_T(14), _T(19))])]),
    (10, [((4,), [(_T(14), _T(19))]), ((5,), [(_T(9), _T(13))])]),
    (25, []),
]
_SCHEDULE_WEIGHTS = [share for share, _ in _SCHEDULES]


def opening_hours(rng: Random) -> tuple[list[tuple[int, datetime.time, datetime.time]], str]:
    """Structured periods (weekday, opens, closes) and the note shown next to them."""
    pattern = rng.choices(_SCHEDULES, weights=_SCHEDULE_WEIGHTS)[0][1]
    if not pattern:
        return [], rng.choice(words()["hours_notes_appointment"])
    periods = [
        (weekday, opens, closes)
        for weekdays, ranges in pattern
        for weekday in weekdays
        for opens, closes in ranges
    ]
    return periods, rng.choice(words()["hours_notes"]) if rng.random() < 0.3 else ""


@dataclass(slots=True)
class SalesPointDraft:
    kind: str
    name: str
    address: str
    locality: str
    url: str
    schedule: str


def sales_points(
    rng: Random, *, count: int, maker_slug: str, top_slug: str, locality: str, in_gironde: bool
) -> list[SalesPointDraft]:
    """Up to `count` other places where the maker sells; markets and fairs fit its trade."""
    bank_words = words()
    drafts = []
    for kind in rng.sample(("shop", "market", "fair", "online"), count):
        if kind == "shop":
            town = "Bordeaux" if in_gironde and rng.random() < 0.6 else locality
            street = rng.choice(bank_words["shop_streets"]) if town == "Bordeaux" else ""
            address = f"{rng.randint(1, 80)} {street}" if street else ""
            drafts.append(
                SalesPointDraft(kind, rng.choice(bank_words["shops"]), address, town, "", "")
            )
        elif kind == "online":
            shop = rng.choice(bank_words["online_shops"])
            url = f"https://{slug_of(shop)}.example/{maker_slug}"
            drafts.append(SalesPointDraft(kind, shop, "", "", url, ""))
        else:
            if in_gironde:
                name, town, when = rng.choice(venues.gironde_venues(kind, top_slug))
            else:
                name, town, when = venues.venue_elsewhere(
                    kind, top_slug, locality, own_fair=rng.random() < 0.5
                )
            drafts.append(SalesPointDraft(kind, name, "", town, "", when))
    return drafts
