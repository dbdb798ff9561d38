"""Reads of the maker space: the visit and contact counts of a listing, week by week.

Callers pass a maker they loaded through `makers.selectors.access`, which checked the
permission.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from localiste.makers.models import Maker
from localiste.metrics.selectors import counts_by_week


@dataclass(frozen=True)
class WeekStats:
    monday: datetime.date
    views: int
    contacts: int


def maker_weekly_stats(maker: Maker, *, weeks: int = 12) -> list[WeekStats]:
    """Page views and contact clicks of `maker` per week, oldest first."""
    views = counts_by_week(kind="maker.view", object_id=maker.pk, weeks=weeks)
    contacts = dict(counts_by_week(kind="maker.contact", object_id=maker.pk, weeks=weeks))
    return [WeekStats(monday, total, contacts.get(monday, 0)) for monday, total in views]
