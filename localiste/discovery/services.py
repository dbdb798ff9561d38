"""What discovery writes: the log of searches for the operators' demand statistics."""

from localiste.discovery.map_params import MapRequest
from localiste.discovery.params import SearchRequest
from localiste.discovery.selectors import SearchOutcome
from localiste.metrics.services import search_log_record
from localiste.places.selectors import place_nearest

# A map showing more than this span (degrees of latitude, about 55 km) is not "near" a
# commune: its searches are logged with no place.
MAP_PLACE_MAX_SPAN = 0.5


def search_record(*, search: SearchRequest, outcome: SearchOutcome) -> None:
    """Log the search for the operators' demand statistics (what, where, how many found).

    Only first pages of searches that ask for something are kept: paging through results or
    an empty visit to the page says nothing about demand. No IP, no session. The entry is
    written within seconds by metrics' background writer, never while the visitor waits.
    """
    place = search.place.name if search.place else search.place_text
    if search.page != 1 or not (search.text or place or search.filter_values):
        return
    search_log_record(
        query=search.text,
        place=place,
        filters=search.filter_values,
        result_count=outcome.total,
        duration_ms=round(outcome.duration_ms, 2),
        place_id=search.place.pk if search.place else None,
    )


def map_search_record(*, request: MapRequest, collection: dict, duration_ms: float) -> None:
    """Log a search made on the full-screen map, near the commune at the centre of the area
    viewed (when it is small enough to be near one), with the number of makers shown.

    The map asks once per search (its first view, `log=1`), never on each pan or zoom,
    which would count one search many times.
    """
    search, query = request.search, request.query
    if query is None or not (search.text or search.filter_values):
        return
    place = None
    if query.max_latitude - query.min_latitude <= MAP_PLACE_MAX_SPAN:
        place = place_nearest(
            latitude=(query.min_latitude + query.max_latitude) / 2,
            longitude=(query.min_longitude + query.max_longitude) / 2,
        )
    search_log_record(
        query=search.text,
        place=place.name if place else "",
        filters=search.filter_values,
        result_count=sum(f["properties"]["count"] for f in collection["features"]),
        duration_ms=round(duration_ms, 2),
        place_id=place.pk if place else None,
    )
