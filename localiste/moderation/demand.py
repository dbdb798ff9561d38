"""The demand map: what people searched for near which commune, and how much they found.

Read from the search log (`metrics.SearchLog`), which holds no IP, no session and no user:
each search's words (folded), the gazetteer place it was made near, and how many makers it
found. Searches are counted by (commune, folded query) over the last 30 or 90 days, and a
cell is shown only from DEMAND_MIN_SEARCHES searches upwards. Searches made around the
visitor's own position, or without a place, have no commune and are not counted; the map's
views are not logged. The cells are computed once per period and kept a few minutes
(`figure_cache`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from localiste.metrics.models import SearchLog
from localiste.moderation.figure_cache import Computed, figure_computed
from localiste.places.models import Place

PERIODS = (30, 90)
DEFAULT_PERIOD = 30
CELLS_SHOWN = 200


@dataclass(frozen=True)
class DemandCell:
    """One (commune, query) pair searched at least DEMAND_MIN_SEARCHES times."""

    place_id: int
    place_name: str
    department_code: str
    latitude: float | None
    longitude: float | None
    query: str
    searches: int
    most_found: int  # the most makers any of these searches found (0: none ever did)


def demand_cells(*, days: int, now: datetime.datetime | None = None) -> list[DemandCell]:
    """The most searched (commune, query) pairs of the last `days` days, most searched first
    (then those that found least), at most CELLS_SHOWN of them."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    rows = list(
        SearchLog.objects.filter(created_at__gte=since, place_id__isnull=False)
        .exclude(query_folded="")
        .values_list("place_id", "query_folded")
        .annotate(searches=Count("pk"), most_found=Max("result_count"))
        .filter(searches__gte=settings.DEMAND_MIN_SEARCHES)
        .order_by("-searches", "most_found", "query_folded")[:CELLS_SHOWN]
    )
    places = Place.objects.only("name", "department_code", "latitude", "longitude").in_bulk(
        {place_id for place_id, *_ in rows}
    )
    return [
        DemandCell(
            place_id=place_id,
            place_name=places[place_id].name,
            department_code=places[place_id].department_code,
            latitude=places[place_id].latitude,
            longitude=places[place_id].longitude,
            query=query,
            searches=searches,
            most_found=most_found,
        )
        for place_id, query, searches, most_found in rows
        if place_id in places  # a place since removed from the gazetteer
    ]


def demand_cells_computed(*, days: int) -> Computed[list[DemandCell]]:
    """`demand_cells` of the last `days` days as computed at most FIGURES_CACHE_SECONDS ago:
    the page and its CSV file show the same cells."""
    return figure_computed(name="demand", period=days, compute=lambda: demand_cells(days=days))


def demand_map_points(
    cells: list[DemandCell], *, describe: Callable[[DemandCell], str]
) -> list[dict]:
    """The cells grouped by commune, for the map: one point per located commune, with its
    total of searches and a line (`describe(cell)`) per query, most searched first."""
    points: dict[int, dict] = {}
    for cell in cells:
        if cell.latitude is None or cell.longitude is None:
            continue
        point = points.setdefault(
            cell.place_id,
            {
                "name": cell.place_name,
                "lat": round(cell.latitude, 5),
                "lon": round(cell.longitude, 5),
                "searches": 0,
                "lines": [],
            },
        )
        point["searches"] += cell.searches
        point["lines"].append(describe(cell))
    return list(points.values())
