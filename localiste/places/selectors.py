"""Reads of the gazetteer and the territories; every lookup goes through an index."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from localiste.core.text import fold
from localiste.places.geometry import boundary_bbox, boundary_contains
from localiste.places.models import Place, Territory

FALLBACK_COUNTRY = "FR"


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
    """The places a territory covers by its administrative code (none for a custom area)."""
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
    return places.none()


def places_in_territory(territory: Territory) -> QuerySet[Place]:
    """The places `territory` contains: the inverse of `territories_containing`, same rules.

    An inactive territory contains nothing, as nothing belongs to it; a custom area holds
    the located places inside its boundary.
    """
    if not territory.is_active:
        return Place.objects.none()
    if territory.kind != Territory.Kind.CUSTOM:
        return territory_places(territory)
    if not territory.boundary:
        return Place.objects.none()
    bbox = boundary_bbox(territory.boundary)
    if bbox is None:
        return Place.objects.none()
    west, south, east, north = bbox
    located = Place.objects.filter(
        country_code=territory.country_code,
        latitude__range=(south, north),
        longitude__range=(west, east),
    )
    inside = [
        pk
        for pk, latitude, longitude in located.values_list("pk", "latitude", "longitude")
        if boundary_contains(territory.boundary, latitude, longitude)
    ]
    return Place.objects.filter(pk__in=inside)


def territories_containing(place: Place) -> list[Territory]:
    """The active territories `place` belongs to, widest first (country → metropolis → custom).

    Administrative territories match by code; a custom area matches when its GeoJSON
    boundary holds the place's point.
    """
    by_code = Q(kind=Territory.Kind.COUNTRY)
    if place.region_code:
        by_code |= Q(kind=Territory.Kind.REGION, admin_code=place.region_code)
    if place.department_code:
        by_code |= Q(kind=Territory.Kind.DEPARTEMENT, admin_code=place.department_code)
    if place.epci_code:
        by_code |= Q(kind=Territory.Kind.METROPOLIS, admin_code=place.epci_code)
    active = Territory.objects.filter(is_active=True, country_code=place.country_code)
    found = list(active.filter(by_code))
    if place.has_location:
        custom = active.filter(kind=Territory.Kind.CUSTOM, boundary__isnull=False)
        found += [
            territory
            for territory in custom
            if boundary_contains(territory.boundary, place.latitude, place.longitude)
        ]
    order = [choice for choice, _label in Territory.Kind.choices]
    return sorted(found, key=lambda territory: (order.index(territory.kind), territory.name))
