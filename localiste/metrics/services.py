"""Recording counters and searches: one cheap write each, nothing personal."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from localiste.metrics.models import DailyCount, SearchLog


def count_increment(*, kind: str, object_id: int, day: datetime.date | None = None) -> None:
    """Add one to the counter of `kind` for `object_id` on `day` (today by default)."""
    day = day or timezone.localdate()
    counters = DailyCount.objects.filter(kind=kind, object_id=object_id, day=day)
    if counters.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DailyCount.objects.create(kind=kind, object_id=object_id, day=day, count=1)
    except IntegrityError:  # another request created it between our two statements
        counters.update(count=F("count") + 1)


def search_log_record(
    *, query: str, place: str, filters: dict, result_count: int, duration_ms: float
) -> SearchLog:
    """Keep one search for the demand statistics (no IP, no session, no user)."""
    return SearchLog.objects.create(
        query=query[:200],
        place=place[:120],
        filters=filters,
        result_count=result_count,
        duration_ms=duration_ms,
    )
