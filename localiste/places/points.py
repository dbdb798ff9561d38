"""Reading the point a visitor gives: a town or postcode they typed, or a latitude and longitude.

The one parser of a visitor's place, for every page that asks "where are you?": the search
and the map (`discovery.params`), and the maker page's `?depuis=`. It answers a
`PointReading`, whose `error` is a message for the visitor in their language when what they
gave names no point; it never raises on user input, and never hands the database a NUL.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from localiste.core.text import fold
from localiste.places.geocoding import geocode
from localiste.places.models import Place

# What a visitor types is a town or a postcode: nothing longer names one.
MAX_PLACE_TEXT_LENGTH = 120
COORDINATE_DECIMALS = 6
# A town does not move: a few minutes spare the gazetteer's queries on every page that
# carries the same place (result cards link to maker pages with it), and an operator's
# correction to the gazetteer shows soon enough.
PLACE_CACHE_SECONDS = 300
_PLACE_CACHE_PREFIX = "places:point-text:v1:"
_COORDINATES = re.compile(r"(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)")


@dataclass(frozen=True)
class PointReading:
    """What a visitor's place came to: a point (and the place it names, for a town), nothing
    (they gave none), or an `error` to show them."""

    latitude: float | None = None
    longitude: float | None = None
    place: Place | None = None
    error: str = ""

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def place_text_clean(text: str) -> str:
    """`text` without control characters (NUL included), its spaces collapsed, at most
    MAX_PLACE_TEXT_LENGTH characters."""
    if not isinstance(text, str):
        return ""
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return " ".join(text.split())[:MAX_PLACE_TEXT_LENGTH].strip()


def point_from_coordinates(
    latitude: float | str | None,
    longitude: float | str | None,
    *,
    decimals: int = COORDINATE_DECIMALS,
) -> PointReading:
    """The point at `latitude`, `longitude` (numbers or the text of numbers), rounded to
    `decimals`; an error when either is no number or out of range."""
    numbers = [_to_float(value) for value in (latitude, longitude)]
    if None in numbers or abs(numbers[0]) > 90 or abs(numbers[1]) > 180:
        return PointReading(
            error=_(
                "The position is not valid: latitude goes from -90 to 90 and longitude "
                "from -180 to 180."
            )
        )
    return PointReading(latitude=round(numbers[0], decimals), longitude=round(numbers[1], decimals))


def point_from_place_text(text: str) -> PointReading:
    """The point of the town or postcode `text` names ("Mérignac", "33700", "Mérignac 33700");
    nothing for empty text; an error when no located place matches.

    Places found are cached by the folded text for a few minutes: no query on a warm cache.
    """
    text = place_text_clean(text)
    if not text:
        return PointReading()
    key = _PLACE_CACHE_PREFIX + hashlib.sha256(fold(text).encode()).hexdigest()
    place = cache.get(key)
    if place is None:
        place = geocode(text)
        if place is None or not place.has_location:
            # Misses are not kept: a town loaded a minute later must be found at once.
            return PointReading(
                error=_("We could not find the place “%(place)s”.") % {"place": text}
            )
        cache.set(key, place, PLACE_CACHE_SECONDS)
    return PointReading(latitude=place.latitude, longitude=place.longitude, place=place)


def point_from_text(text: str, *, decimals: int = COORDINATE_DECIMALS) -> PointReading:
    """The point `text` gives: "44.84,-0.58" (a position, rounded to `decimals`) or a town or
    postcode (`point_from_place_text`); nothing for empty text; an error otherwise."""
    text = place_text_clean(text)
    match = _COORDINATES.fullmatch(text)
    if match:
        return point_from_coordinates(match.group(1), match.group(2), decimals=decimals)
    return point_from_place_text(text)


def _to_float(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
