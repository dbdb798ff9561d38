"""Reading the counters."""

import datetime

from django.db.models import Sum
from django.utils import timezone

from localiste.metrics.models import DailyCount


def counts_by_week(
    *, kind: str, object_id: int, weeks: int = 12, today: datetime.date | None = None
) -> list[tuple[datetime.date, int]]:
    """[(monday, total)] for the last `weeks` weeks of `kind` on `object_id`, oldest first."""
    today = today or timezone.localdate()
    first_monday = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    totals = dict.fromkeys((first_monday + datetime.timedelta(weeks=n) for n in range(weeks)), 0)
    rows = (
        DailyCount.objects.filter(kind=kind, object_id=object_id, day__gte=first_monday)
        .values_list("day")
        .annotate(total=Sum("count"))
    )
    for day, total in rows:
        totals[day - datetime.timedelta(days=day.weekday())] += total
    return sorted(totals.items())
