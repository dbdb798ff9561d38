"""An estimate of the transport a visitor avoids by buying from a maker near them.

The figure compares two journeys: the one a product of the same kind makes when it is made
far away (the category's typical distance, `catalog.origins`), and the one from the maker
to the visitor (a straight line from the place they chose to the maker's public point).
It is an order of magnitude: the typical distance is rounded to two significant figures,
the transport avoided to that figure's own step, and less than one step is not shown.
The method, its sources and its limits are on the page /transport-evite/ (docs/transport.md).
"""

import math
from dataclasses import dataclass

from localiste.catalog.models import Category
from localiste.catalog.origins import category_origin_km_map
from localiste.places.points import place_text_clean, point_from_text
from localiste.search.geo import distance_km

SIGNIFICANT_DIGITS = 2
# Two decimals (about a kilometre) are plenty for a figure rounded to two significant
# figures, and keep the visitor's exact position out of the links they share.
POSITION_DECIMALS = 2


def precision_step(value: float, digits: int = SIGNIFICANT_DIGITS) -> int:
    """The step of `value` written to `digits` significant figures, in whole units
    (1,200 → 100; 17,000 → 1,000; 5.1 → 1)."""
    if value <= 0:
        return 1
    return 10 ** max(0, math.floor(math.log10(value)) - digits + 1)


def round_significant(value: float, digits: int = SIGNIFICANT_DIGITS) -> int:
    """`value` to at most `digits` significant figures, in whole units (16,994.9 → 17,000)."""
    if value <= 0:
        return 0
    step = precision_step(value, digits)
    return int(math.floor(value / step + 0.5)) * step


def typical_origin_km(
    category: Category | None, *, origin_km_map: dict | None = None
) -> int | None:
    """How far a product of `category`'s kind made far away travels (its own value, else the
    nearest ancestor's), or None.

    No query while the ancestors are loaded (a top-level category, one with its own value,
    or `select_related` parents); otherwise the cached map (pass `origin_km_map` to reuse
    one already read).
    """
    while category is not None:
        if category.typical_origin_km is not None:
            return category.typical_origin_km
        if category.parent_id is None:
            return None
        if not Category.parent.is_cached(category):
            found = origin_km_map if origin_km_map is not None else category_origin_km_map()
            return found.get(category.pk)
        category = category.parent
    return None


@dataclass(frozen=True)
class TransportEstimate:
    """What a page shows: the typical distance, and with a visitor's place, the distance to
    the maker and the transport avoided (None when the maker is no nearer, to the typical
    distance's own precision, than far away)."""

    typical_km: int
    distance_km: float | None = None
    avoided_km: int | None = None


def transport_estimate(
    *, typical_km: int | None, distance: float | None
) -> TransportEstimate | None:
    """The estimate for a product travelling `typical_km` when made far away and `distance`
    km from the maker to the visitor (None: unknown); None without a typical distance.

    The difference is no more precise than the typical distance: it is rounded to that
    figure's own step (100 km for about 1,200 km, 1,000 km for about 17,000 km), and a
    difference under one step gives no figure (1,200 − 1,195 is not "about 5 km").
    """
    if not typical_km:
        return None
    avoided = None
    if distance is not None:
        step, difference = precision_step(typical_km), typical_km - distance
        if difference >= step:
            avoided = int(math.floor(difference / step + 0.5)) * step
    return TransportEstimate(
        typical_km=round_significant(typical_km), distance_km=distance, avoided_km=avoided
    )


@dataclass(frozen=True)
class VisitorPlace:
    """Where the visitor said they are: a town (`name`) or a position (`name` empty)."""

    latitude: float
    longitude: float
    name: str = ""

    @property
    def query(self) -> str:
        """The value of `?depuis=` that names this place again."""
        if self.name:
            return self.name
        return f"{self.latitude:.{POSITION_DECIMALS}f},{self.longitude:.{POSITION_DECIMALS}f}"


@dataclass(frozen=True)
class MakerTransport:
    """The maker page's transport panel: the estimate (None: no typical distance for its
    kind), the visitor's place if they gave one and the distance from it, what they typed
    and why it failed."""

    estimate: TransportEstimate | None
    visitor: VisitorPlace | None = None
    distance_km: float | None = None
    typed: str = ""
    error: str = ""


def maker_transport(*, maker, typed: str = "") -> MakerTransport:
    """The transport panel of `maker`'s page, seen from the place the visitor `typed`
    (`places.points`: a town, a postcode or "lat,lon"); a place we cannot find leaves the
    panel without a distance, with the message.

    The distance runs to the maker's public point (a home workshop's commune, never its
    street), so no one can work out an address the maker keeps private. A maker with no
    location has no distance: what was typed is not even read.
    """
    typical = typical_origin_km(maker.primary_category)
    estimate = transport_estimate(typical_km=typical, distance=None)
    point = maker.public_point
    typed = place_text_clean(typed)
    if point is None or not typed:
        return MakerTransport(estimate=estimate)
    reading = point_from_text(typed, decimals=POSITION_DECIMALS)
    if not reading.has_point:
        return MakerTransport(estimate=estimate, typed=typed, error=reading.error)
    visitor = VisitorPlace(
        reading.latitude, reading.longitude, name=reading.place.name if reading.place else ""
    )
    distance = distance_km(visitor.latitude, visitor.longitude, *point)
    return MakerTransport(
        estimate=transport_estimate(typical_km=typical, distance=distance),
        visitor=visitor,
        distance_km=distance,
        typed=typed,
    )


def card_transport(maker, *, origin_km_map: dict | None = None) -> TransportEstimate | None:
    """The estimate on a search result card: from the search's point (`maker.distance_km`,
    set when the search had one) to the maker; without a point, none (cards stay short)."""
    distance = getattr(maker, "distance_km", None)
    if distance is None:
        return None
    typical = typical_origin_km(maker.primary_category, origin_km_map=origin_km_map)
    return transport_estimate(typical_km=typical, distance=distance)
