"""Reads of the gazetteer and the territories; every lookup goes through an index."""

from __future__ import annotations

import math
import re

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from localiste.core.text import fold
from localiste.places.geometry import boundary_bbox, boundary_contains, boundary_points_inside
from localiste.places.models import Place, Territory

FALLBACK_COUNTRY = "FR"
KM_PER_DEGREE = 111.32


def default_country_code() -> str:
    """The country of the installation's default territory, "FR" when it is not set up yet."""
    slug = getattr(settings, "DEFAULT_TERRITORY", "")
    code = Territory.objects.filter(slug=slug).values_list("country_code", flat=True).first()
    return code or FALLBACK_COUNTRY


def _ranked(places: QuerySet[Place], *, country: str) -> QuerySet[Place]:
    """`places` with those of `country` first, then French communes before towns, then the most
    populous: "Bordeaux" means the prefecture, not a hamlet abroad."""
    return places.annotate(
        in_country=Case(
            When(country_code=country, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("in_country", "-population", "pk")


def places_named(*, name_folded: str, country: str, department: str = "") -> QuerySet[Place]:
    """Places whose folded name is `name_folded`, best candidate first."""
    places = Place.objects.filter(name_folded=name_folded)
    if department:
        places = places.filter(department_code=department)
    return _ranked(places, country=country)


def places_with_postcode(*, postcode: str, country: str) -> QuerySet[Place]:
    """Places served by `postcode`, the most populous first."""
    return _ranked(Place.objects.filter(postal_codes__code=postcode), country=country)


def place_suggestions(query: str, limit: int = 8) -> list[Place]:
    """Up to `limit` places whose name starts like `query`, for autocomplete.

    A range on `name_folded` (not LIKE, which SQLite's index cannot serve case-sensitively)
    keeps it to an index range scan.
    """
    prefix = fold(query[:200])
    if not prefix or len(prefix) > Place._meta.get_field("name_folded").max_length:
        return []
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    places = Place.objects.filter(name_folded__gte=prefix, name_folded__lt=upper)
    ranked = _ranked(places, country=default_country_code())[: max(0, limit) * 2]
    # Some database collations ignore spaces when comparing: check the prefix exactly.
    return [place for place in ranked if place.name_folded.startswith(prefix)][:limit]


def territory_places(territory: Territory) -> QuerySet[Place]:
    """The places a territory covers by its administrative code or its list of places.

    None for a custom area drawn by a boundary: see `places_in_territory`.
    """
    places = Place.objects.filter(country_code=territory.country_code)
    match territory.kind:
        case Territory.Kind.COUNTRY:
            return places
        case Territory.Kind.REGION:
            return places.filter(region_code=territory.admin_code)
        case Territory.Kind.DEPARTEMENT:
            return places.filter(department_code=territory.admin_code)
        case Territory.Kind.METROPOLIS:
            return places.filter(epci_code=territory.admin_code)
    if territory.pk and not territory.boundary:
        return territory.listed_places.all()
    return places.none()


def places_in_territory(territory: Territory) -> QuerySet[Place]:
    """The places `territory` contains: the inverse of `territories_containing`, same rules.

    An inactive territory contains nothing, as nothing belongs to it; a custom area holds
    the located places inside its boundary.
    """
    if not territory.is_active:
        return Place.objects.none()
    if territory.kind != Territory.Kind.CUSTOM or not territory.boundary:
        return territory_places(territory)
    bbox = boundary_bbox(territory.boundary)
    if bbox is None:
        return Place.objects.none()
    west, south, east, north = bbox
    located = Place.objects.filter(
        country_code=territory.country_code,
        latitude__range=(south, north),
        longitude__range=(west, east),
    )
    return Place.objects.filter(
        pk__in=ids_inside(territory.boundary, located.values_list("pk", "latitude", "longitude"))
    )


def ids_inside(boundary: dict, rows) -> list[int]:
    """The ids of the (id, latitude, longitude) `rows` whose point `boundary` holds."""
    rows = list(rows)
    inside = boundary_points_inside(
        boundary, [(latitude, longitude) for _, latitude, longitude in rows]
    )
    return [row[0] for row, is_inside in zip(rows, inside, strict=True) if is_inside]


def territories_containing(
    place: Place | None, *, point: tuple[float, float] | None = None
) -> list[Territory]:
    """The active territories `place` belongs to, widest first (country → metropolis → custom).

    Administrative territories match by code, a custom list of places when it lists the
    place; a custom area drawn by a boundary when it holds `point` (a listing's own
    position, latitude first), else the place's point.
    """
    if place is None:
        return _drawn_territories_holding(point, country=None) if point else []
    by_code = Q(kind=Territory.Kind.COUNTRY)
    if place.region_code:
        by_code |= Q(kind=Territory.Kind.REGION, admin_code=place.region_code)
    if place.department_code:
        by_code |= Q(kind=Territory.Kind.DEPARTEMENT, admin_code=place.department_code)
    if place.epci_code:
        by_code |= Q(kind=Territory.Kind.METROPOLIS, admin_code=place.epci_code)
    by_code |= Q(kind=Territory.Kind.CUSTOM, boundary__isnull=True, listed_places=place)
    active = Territory.objects.filter(is_active=True, country_code=place.country_code)
    found = list(active.filter(by_code).distinct())
    if point is None and place.has_location:
        point = (place.latitude, place.longitude)
    if point is not None:
        found += _drawn_territories_holding(point, country=place.country_code)
    return _widest_first(found)


def outside_every_territory(place: Place | None, *, point: tuple[float, float] | None) -> bool:
    """Whether `place` (or `point`) is in none of the active territories; False while the site
    has no active territory at all (then nothing is "outside")."""
    if not Territory.objects.filter(is_active=True).exists():
        return False
    return not territories_containing(place, point=point)


def _drawn_territories_holding(point: tuple[float, float], *, country: str | None) -> list:
    latitude, longitude = point
    framed = Q(
        min_latitude__lte=latitude,
        max_latitude__gte=latitude,
        min_longitude__lte=longitude,
        max_longitude__gte=longitude,
    )
    drawn = Territory.objects.filter(
        framed | Q(min_latitude__isnull=True),
        is_active=True,
        kind=Territory.Kind.CUSTOM,
        boundary__isnull=False,
    )
    if country:
        drawn = drawn.filter(country_code=country)
    return _widest_first(t for t in drawn if boundary_contains(t.boundary, latitude, longitude))


def _widest_first(territories) -> list[Territory]:
    order = [choice for choice, _label in Territory.Kind.choices]
    return sorted(territories, key=lambda territory: (order.index(territory.kind), territory.name))


def places_from_list(text: str, *, country: str) -> tuple[list[Place], list[str]]:
    """The places an operator listed in `text`, and a message for each entry that failed.

    Entries are separated by lines, commas or semicolons; each is an official code (INSEE),
    a postcode (all the places it serves) or a name, optionally followed by its
    département in brackets to tell namesakes apart: "Saint-Denis (93)".
    """
    found: dict[int, Place] = {}
    problems = []
    for entry in (e.strip() for e in re.split(r"[\n,;]+", text)):
        if not entry:
            continue
        places = _places_for_entry(entry, country=country)
        if len(places) == 1 or (places and _looks_like_code(entry)):
            found.update((place.pk, place) for place in places)
        elif not places:
            problems.append(_("“%(entry)s”: no such place.") % {"entry": entry})
        else:
            problems.append(
                _(
                    "“%(entry)s” names %(count)s places: add the département, e.g. "
                    "“%(entry)s (%(department)s)”, or give its official code."
                )
                % {"entry": entry, "count": len(places), "department": places[0].department_code}
            )
    return list(found.values()), problems


def _looks_like_code(entry: str) -> bool:
    return entry.replace(" ", "").isalnum() and any(c.isdigit() for c in entry)


def _places_for_entry(entry: str, *, country: str) -> list[Place]:
    if _looks_like_code(entry):
        by_code = list(Place.objects.filter(country_code=country, official_code=entry.upper()))
        return by_code or list(
            places_with_postcode(postcode=entry.replace(" ", ""), country=country).filter(
                country_code=country
            )
        )
    name, department = entry, ""
    if match := re.fullmatch(r"(.+?)\s*\((\w{1,3})\)", entry):
        name, department = match.groups()
    places = places_named(name_folded=fold(name), country=country, department=department)
    return list(places.filter(country_code=country)[:20])


def place_nearest(*, latitude: float, longitude: float, within_km: float = 15) -> Place | None:
    """The located place nearest the point, within `within_km`, or None (the sea, abroad…).

    Through the position index: only the places of a small box around the point are read.
    """
    half_lat = within_km / KM_PER_DEGREE
    half_lon = half_lat / max(0.05, math.cos(math.radians(latitude)))
    nearby = Place.objects.filter(
        latitude__range=(latitude - half_lat, latitude + half_lat),
        longitude__range=(longitude - half_lon, longitude + half_lon),
    ).only("pk", "name", "latitude", "longitude", "department_code", "country_code")
    scale = math.cos(math.radians(latitude))

    def squared_km(place: Place) -> float:
        dlat = place.latitude - latitude
        dlon = (place.longitude - longitude) * scale
        return (dlat * dlat + dlon * dlon) * KM_PER_DEGREE**2

    ranked = sorted(nearby, key=squared_km)
    return ranked[0] if ranked and squared_km(ranked[0]) <= within_km**2 else None
