"""Opening hours: the week laid out and open/closed at a given moment in the site's time zone."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from localiste.makers.hours import is_open_at, opening_status, week_schedule

PARIS = ZoneInfo("Europe/Paris")


def period(weekday, opens, closes):
    return SimpleNamespace(
        weekday=weekday,
        opens=datetime.time.fromisoformat(opens),
        closes=datetime.time.fromisoformat(closes),
    )


# Tuesday: morning and afternoon; Saturday: morning only.
WEEK = [
    period(1, "14:00", "18:30"),
    period(1, "09:00", "12:30"),
    period(5, "10:00", "13:00"),
]


@pytest.fixture(autouse=True)
def _paris(settings):
    settings.TIME_ZONE = "Europe/Paris"


def at(day, clock):
    """A moment in Paris: day of June 2025 (the 3rd is a Tuesday) at clock."""
    return datetime.datetime.fromisoformat(f"2025-06-{day:02d}T{clock}").replace(tzinfo=PARIS)


def test_week_lists_seven_days_with_sorted_ranges_and_marks_today():
    week = week_schedule(WEEK, now=at(3, "08:00"))
    assert [day.weekday for day in week] == list(range(7))
    tuesday = week[1]
    assert tuesday.is_today
    assert [opens.hour for opens, _closes in tuesday.ranges] == [9, 14]
    assert week[0].is_closed
    assert not week[5].is_closed


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (at(3, "09:00"), True),  # opening minute included
        (at(3, "12:29"), True),
        (at(3, "12:30"), False),  # closing minute excluded
        (at(3, "13:00"), False),  # lunch break
        (at(3, "15:00"), True),
        (at(4, "10:00"), False),  # Wednesday: closed
        (at(7, "11:00"), True),  # Saturday morning
    ],
)
def test_is_open_at(moment, is_open):
    assert is_open_at(WEEK, now=moment) is is_open


def test_the_site_time_zone_decides_not_the_server_clock():
    # 07:30 UTC is 09:30 in Paris in summer: open.
    moment = datetime.datetime(2025, 6, 3, 7, 30, tzinfo=datetime.UTC)
    assert is_open_at(WEEK, now=moment)


def test_open_status_tells_when_it_closes():
    status = opening_status(WEEK, now=at(3, "10:00"))
    assert status.is_open
    assert status.closes_at == datetime.time(12, 30)


def test_closed_status_tells_when_it_opens_later_today():
    status = opening_status(WEEK, now=at(3, "13:00"))
    assert not status.is_open
    assert status.opens_today
    assert status.opens_at == datetime.time(14, 0)


def test_closed_status_tells_the_next_opening_day():
    status = opening_status(WEEK, now=at(3, "19:00"))
    assert not status.opens_today
    assert status.opens_weekday == 5
    assert status.opens_at == datetime.time(10, 0)


def test_next_opening_may_be_the_same_weekday_next_week():
    only_tuesday = [period(1, "09:00", "12:00")]
    status = opening_status(only_tuesday, now=at(3, "13:00"))
    assert status.opens_weekday == 1
    assert not status.opens_today


def test_no_hours_means_no_status():
    assert opening_status([], now=at(3, "10:00")) is None
    assert not is_open_at([], now=at(3, "10:00"))
