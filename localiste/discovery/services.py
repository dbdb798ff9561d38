"""What discovery writes: the log of searches for the operators' demand statistics."""

from localiste.discovery.params import SearchRequest
from localiste.discovery.selectors import SearchOutcome
from localiste.metrics.services import search_log_record


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
