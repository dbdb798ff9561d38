"""Which territories a maker belongs to: those that contain its commune, or its own point
for an area drawn by a boundary (a boundary may cut a commune in two).

Kept in step from both sides: a maker's address changes (`maker_territories_refresh`), or a
territory does (`territory_members_refresh`, run in a background task after
`places.signals.territory_changed`, since a country holds every listing).
"""

from django.db import transaction

from localiste.makers.models import Maker, TerritoryFeature
from localiste.makers.services.indexing import search_index_makers
from localiste.places.geocoding import territories_containing
from localiste.places.models import Territory
from localiste.places.selectors import ids_inside, places_in_territory

BATCH = 5000


def maker_territories_refresh(*, maker: Maker) -> None:
    """Put `maker` in the territories that contain it."""
    maker.territories.set(territories_containing(maker.place, point=maker_point(maker)))


def maker_point(maker: Maker) -> tuple[float, float] | None:
    """The position a drawn boundary tests: the listing's own (latitude, longitude)."""
    if maker.latitude is None or maker.longitude is None:
        return None
    return maker.latitude, maker.longitude


@transaction.atomic
def territory_members_refresh(*, territory: Territory) -> int:
    """Make the members of `territory` exactly the makers whose commune it contains.

    Those who join or leave are re-indexed (the territory is a search filter); how many.
    """
    links = Maker.territories.through
    wanted = set(_members(territory))
    current = set(links.objects.filter(territory=territory).values_list("maker_id", flat=True))
    leaving, joining = sorted(current - wanted), sorted(wanted - current)
    for start in range(0, len(leaving), BATCH):
        chunk = leaving[start : start + BATCH]
        links.objects.filter(territory=territory, maker_id__in=chunk).delete()
    links.objects.bulk_create(
        (links(maker_id=maker_id, territory=territory) for maker_id in joining), batch_size=BATCH
    )
    search_index_makers(maker_ids=[*leaving, *joining])
    return len(leaving) + len(joining)


def _members(territory: Territory) -> list[int]:
    """The ids of the makers `territory` contains (see the module's docstring)."""
    if not (territory.is_active and territory.kind == Territory.Kind.CUSTOM and territory.boundary):
        return list(
            Maker.objects.filter(place__in=places_in_territory(territory)).values_list(
                "pk", flat=True
            )
        )
    unlocated = Maker.objects.filter(
        latitude__isnull=True, place__in=places_in_territory(territory)
    )
    located = Maker.objects.filter(
        latitude__range=(territory.min_latitude, territory.max_latitude),
        longitude__range=(territory.min_longitude, territory.max_longitude),
    )
    if territory.country_code:
        located = located.filter(country=territory.country_code)
    rows = located.values_list("pk", "latitude", "longitude").iterator(chunk_size=BATCH)
    return [*unlocated.values_list("pk", flat=True), *ids_inside(territory.boundary, rows)]


@transaction.atomic
def territory_feature_save(*, territoryfeature: TerritoryFeature) -> TerritoryFeature:
    """Put a maker forward on a territory's home (or move it in the order)."""
    territoryfeature.full_clean()
    territoryfeature.save()
    return territoryfeature


@transaction.atomic
def territory_feature_delete(*, territoryfeature: TerritoryFeature) -> None:
    """Stop putting a maker forward on a territory's home."""
    territoryfeature.delete()
