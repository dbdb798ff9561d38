"""Which territories a maker belongs to: those that contain its commune.

Kept in step from both sides: a maker's address changes (`maker_territories_refresh`), or a
territory does (`territory_members_refresh`, run in a background task after
`places.signals.territory_changed`, since a country holds every listing).
"""

from django.db import transaction

from localiste.makers.models import Maker
from localiste.makers.services.indexing import search_index_makers
from localiste.places.geocoding import territories_containing
from localiste.places.models import Territory
from localiste.places.selectors import places_in_territory

BATCH = 5000


def maker_territories_refresh(*, maker: Maker) -> None:
    """Put `maker` in the territories that contain its commune."""
    maker.territories.set(territories_containing(maker.place) if maker.place else [])


@transaction.atomic
def territory_members_refresh(*, territory: Territory) -> int:
    """Make the members of `territory` exactly the makers whose commune it contains.

    Those who join or leave are re-indexed (the territory is a search filter); how many.
    """
    links = Maker.territories.through
    wanted = set(
        Maker.objects.filter(place__in=places_in_territory(territory)).values_list("pk", flat=True)
    )
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
