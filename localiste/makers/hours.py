"""Opening hours: a maker's week laid out day by day, and whether it is open at a given moment.

Times are wall-clock times of the site's time zone (settings.TIME_ZONE): a workshop in
Bordeaux that opens at 9:00 opens at 9:00 Paris time whatever the server's clock says.
A period never crosses midnight (the model enforces closes > opens).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.dates import WEEKDAYS


@dataclass(frozen=True)
class DayHours:
    """One weekday of the schedule: its ranges in opening order (empty when closed)."""

    weekday: int
    name: str
    ranges: tuple[tuple[time, time], ...]
    is_today: bool = False

    @property
    def is_closed(self) -> bool:
        return not self.ranges


@dataclass(frozen=True)
class OpeningStatus:
    """Open or closed at a moment, with the next change when it is known.

    `closes_at` is set while open; `opens_at` (a time) and `opens_weekday` while closed,
    if the maker opens at all in the coming week; `opens_today` says the next opening is
    later the same day.
    """

    is_open: bool
    closes_at: time | None = None
    opens_at: time | None = None
    opens_weekday: int | None = None
    opens_today: bool = False
    opens_day_name: str = field(default="")


def site_now(now: datetime | None = None) -> datetime:
    """`now` (default: the current time) as a wall-clock time of the site's time zone."""
    moment = now or timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, ZoneInfo(settings.TIME_ZONE))
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def _ranges_by_day(periods: Iterable) -> dict[int, list[tuple[time, time]]]:
    days: dict[int, list[tuple[time, time]]] = {weekday: [] for weekday in range(7)}
    for period in periods:
        days[period.weekday].append((period.opens, period.closes))
    for ranges in days.values():
        ranges.sort()
    return days


def week_schedule(periods: Iterable, *, now: datetime | None = None) -> list[DayHours]:
    """The seven days from Monday to Sunday with their opening ranges; today is marked."""
    today = site_now(now).weekday()
    days = _ranges_by_day(periods)
    return [
        DayHours(
            weekday=weekday,
            name=str(WEEKDAYS[weekday]),
            ranges=tuple(days[weekday]),
            is_today=weekday == today,
        )
        for weekday in range(7)
    ]


def opening_status(periods: Iterable, *, now: datetime | None = None) -> OpeningStatus | None:
    """Whether the maker is open at `now` (default: the current time), or None without hours."""
    days = _ranges_by_day(periods)
    if not any(days.values()):
        return None
    moment = site_now(now)
    today, clock = moment.weekday(), moment.time().replace(tzinfo=None)
    for opens, closes in days[today]:
        if opens <= clock < closes:
            return OpeningStatus(is_open=True, closes_at=closes)
    for opens, _closes in days[today]:
        if clock < opens:
            return OpeningStatus(
                is_open=False,
                opens_at=opens,
                opens_weekday=today,
                opens_today=True,
                opens_day_name=str(WEEKDAYS[today]),
            )
    for offset in range(1, 8):
        weekday = (moment + timedelta(days=offset)).weekday()
        if days[weekday]:
            return OpeningStatus(
                is_open=False,
                opens_at=days[weekday][0][0],
                opens_weekday=weekday,
                opens_day_name=str(WEEKDAYS[weekday]),
            )
    return OpeningStatus(is_open=False)  # pragma: no cover - some day has hours


def is_open_at(periods: Iterable, *, now: datetime | None = None) -> bool:
    """True when one of `periods` covers `now` (default: the current time)."""
    status = opening_status(periods, now=now)
    return bool(status and status.is_open)


def seconds_unchanged(periods: Iterable, *, now: datetime | None = None) -> float:
    """Seconds from `now` until the next opening or closing today, when what "open now"
    shows changes; infinity when none is left today (a page lasts until midnight anyway)."""
    moment = site_now(now)
    clock = moment.time().replace(tzinfo=None)
    changes = [
        moment.replace(hour=boundary.hour, minute=boundary.minute, second=0, microsecond=0)
        for period in periods
        if period.weekday == moment.weekday()
        for boundary in (period.opens, period.closes)
        if boundary > clock
    ]
    return (min(changes) - moment).total_seconds() if changes else math.inf


def hours_context(periods: Iterable) -> dict:
    """What a maker page's opening hours show: `week` (day by day) and `opening` (now)."""
    periods = list(periods)
    return {"week": week_schedule(periods) if periods else [], "opening": opening_status(periods)}
