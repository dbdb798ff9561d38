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
    contacts: int  # the three below together
    messages: int = 0  # contact-form messages sent
    phone_clicks: int = 0
    website_clicks: int = 0


def maker_weekly_stats(maker: Maker, *, weeks: int = 12) -> list[WeekStats]:
    """Page views and contact clicks (messages, phone, website) of `maker` per week, oldest
    first."""
    views = counts_by_week(kind="maker.view", object_id=maker.pk, weeks=weeks)
    by_kind = {
        kind: dict(counts_by_week(kind=kind, object_id=maker.pk, weeks=weeks))
        for kind in ("maker.contact", "maker.contact.phone", "maker.contact.website")
    }
    stats = []
    for monday, total in views:
        messages, phone, website = (by_kind[kind].get(monday, 0) for kind in by_kind)
        stats.append(WeekStats(monday, total, messages + phone + website, messages, phone, website))
    return stats
