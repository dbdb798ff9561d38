"""An OpenStreetMap `opening_hours` value read into a listing's week, and what it cannot hold.

The value is parsed and normalised by opening-hours-py (the Rust parser of the OSM
specification: "Mo-Su 10:00-12:00, Mo-Fr 14:00-18:00" becomes "Mo-Fr 10:00-12:00,
14:00-18:00; Sa-Su 10:00-12:00"), and the week is what the parser says of it, so that its
reading of overriding rules is the one used:

- plain week rules ("Mo-Fr 09:00-12:00,14:00-18:00; Su off") are read on one week: the
  listing's week holds them exactly;
- otherwise the value is read on each week of the year, no public or school holiday given:
  when one week recurs in at least ORDINARY_SHARE of them ("Mo-Fr 09:00-18:00; PH off",
  "Dec 24 off", "Jul-Aug off", "Sa[1] off"), it is the listing's week and the value goes
  in the note; else (every other week, seasons of their own) no week is given, as none is
  true most of the time, and the value is the note;
- times that depend on the sun, run past midnight (or to 24:00) or stay open-ended,
  "24/7", states left unknown and fallback rules ("||") give no week either, and the note.

Comments ("sur rendez-vous") keep the value in the note too. A value the parser refuses
is kept as the note, and said to be refused (the import warns of it).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

import opening_hours

from localiste.makers.models import Maker
from localiste.makers.services.practical import MAX_OPENING_PERIODS

NOTE_MAX_LENGTH = Maker._meta.get_field("hours_note").max_length
ORDINARY_SHARE = 0.75
WEEKS = 52

_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAYS = rf"{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d"  # 24:00 and later are past what a day holds
_SPANS = rf"{_TIME}-{_TIME}(?:,{_TIME}-{_TIME})*"
_COMMENT = r'(?: "[^"]*")?'
_PLAIN = re.compile(rf"(?:(?:{_DAYS}) )?{_SPANS}{_COMMENT}|{_DAYS} (?:off|closed){_COMMENT}")
# Sun events, fallback rules, open ends ("10:00+"), unknown states: outside comments.
_NO_WEEK = re.compile(r"sunrise|sunset|dawn|dusk|\|\||\d\+|unknown")
_COMMENTS = re.compile(r'"[^"]*"')
# Rules split on ";" outside comments.
_RULES = re.compile(r'(?:[^;"]|"[^"]*")+')

Week = tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class HoursReading:
    """What an `opening_hours` value gives a listing: its week as (weekday, "HH:MM",
    "HH:MM") periods (none when it cannot be told), the note its hours keep ("" when the
    week says it all), and whether the parser refused the value."""

    periods: Week = ()
    note: str = ""
    refused: bool = False


def hours_read(text: str, *, year: int | None = None) -> HoursReading:
    """The week and the note of the OSM `opening_hours` value `text` (see the module);
    `year` (default: this one) is the year whose weeks an irregular value is read on."""
    text = " ".join(text.split())
    if not text:
        return HoursReading()
    try:
        hours = opening_hours.OpeningHours(text, auto_country=False, auto_timezone=False)
        normalised = str(hours.normalize())
    except (SyntaxError, ValueError, opening_hours.ParserError):
        return HoursReading(note=_note(text), refused=True)
    if _NO_WEEK.search(_COMMENTS.sub("", normalised)):
        return HoursReading(note=_note(text))
    rules = [rule.strip() for rule in _RULES.findall(normalised) if rule.strip()]
    if all(_PLAIN.fullmatch(rule) for rule in rules):
        week = _weeks(hours, _monday(year), 1)[0]
        noted = '"' in normalised
    else:
        week, noted = _ordinary_week(_weeks(hours, _monday(year), WEEKS)), True
    if week is None:
        return HoursReading(note=_note(text))
    return HoursReading(periods=week, note=_note(text) if noted else "")


def _monday(year: int | None) -> datetime.datetime:
    """The first Monday of `year` (default: this one), at midnight."""
    first = datetime.datetime(year or datetime.date.today().year, 1, 1)
    return first + datetime.timedelta(days=-first.weekday() % 7)


def _weeks(hours, start: datetime.datetime, count: int) -> list[Week | None]:
    """The periods of each of `count` weeks from `start` under `hours`: None for a week
    that no listing's week holds (a period past midnight, more periods than it keeps)."""
    weeks: list[list | None] = [[] for _ in range(count)]
    end = start + datetime.timedelta(weeks=count)
    for opens, closes, state, _comment in hours.intervals(start, end):
        if state == opening_hours.State.CLOSED:
            continue
        index = (opens - start).days // 7
        if weeks[index] is None:
            continue
        if state != opening_hours.State.OPEN or closes.date() != opens.date():
            weeks[index] = None
            continue
        weeks[index].append((opens.weekday(), f"{opens:%H:%M}", f"{closes:%H:%M}"))
    return [
        None if week is None or len(week) > MAX_OPENING_PERIODS else tuple(week) for week in weeks
    ]


def _ordinary_week(weeks: list[Week | None]) -> Week | None:
    """The week that recurs in ORDINARY_SHARE of `weeks` at least, or None."""
    counts = Counter(week for week in weeks if week is not None)
    if not counts:
        return None
    week, count = counts.most_common(1)[0]
    return week if count >= ORDINARY_SHARE * len(weeks) else None


def _note(text: str) -> str:
    if len(text) <= NOTE_MAX_LENGTH:
        return text
    return text[: NOTE_MAX_LENGTH - 1].rstrip() + "…"
