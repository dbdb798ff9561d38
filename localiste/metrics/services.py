"""Recording counters and searches: one cheap write each, nothing personal."""

import datetime

from django.db import connections, router
from django.utils import timezone

from localiste.metrics.models import DailyCount, SearchLog


def count_increment(*, kind: str, object_id: int, day: datetime.date | None = None) -> None:
    """Add one to the counter of `kind` for `object_id` on `day` (today by default).

    One statement whether the day's row exists or not (an upsert, which SQLite and
    PostgreSQL write alike), so that counting a page view costs a single query.
    """
    day = day or timezone.localdate()
    connection = connections[router.db_for_write(DailyCount)]
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, object_id, day, count) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (kind, object_id, day) DO UPDATE SET count = {table}.count + 1",
            [kind, object_id, connection.ops.adapt_datefield_value(day)],
        )


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
