"""Turning what people type ("33700", "Saint-Émilion", "Mérignac (33)") into places and points.

The shipped gazetteer answers offline; the online geocoder (settings.GEOCODER) is asked only
for exact addresses and for communes that no packaged source locates.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from localiste.core.text import fold
from localiste.places.geocoders import GeocodedPoint, Precision, online_geocoder
from localiste.places.models import Place
from localiste.places.selectors import (
    default_country_code,
    place_suggestions,
    places_named,
    places_with_postcode,
    territories_containing,
)

__all__ = ["Location", "geocode", "locate_address", "place_suggestions", "territories_containing"]

# No place name comes near this; longer input is garbage and costs no query.
MAX_QUERY_LENGTH = 200
ONLINE_CACHE_SECONDS = 7 * 24 * 3600
# A miss may be an outage: retry it soon rather than remember it for a week.
ONLINE_MISS_CACHE_SECONDS = 600
_POSTCODE = re.compile(r"\d{5}")
_DEPARTMENT = re.compile(r"\d{2}|2a|2b|97\d")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
# Mail words that follow a commune name on envelopes: "33700 MERIGNAC CEDEX 2".
_MAIL_SUFFIX = re.compile(r"\s+cedex(\s+\d+)?$")


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    precision: Precision
    place: Place | None = None


def _normalise(text: str) -> str:
    words = _MAIL_SUFFIX.sub("", fold(text)).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def _readings(query: str) -> Iterator[tuple[str, str, str]]:
    """The (name, postcode, département) readings of `query`, the most literal first."""
    folded = _normalise(query)
    words = folded.split()
    yield folded, "", ""
    if len(words) >= 2 and _POSTCODE.fullmatch(words[0]):
        yield " ".join(words[1:]), words[0], ""
    if len(words) >= 2 and _POSTCODE.fullmatch(words[-1]):
        yield " ".join(words[:-1]), words[-1], ""
    if len(words) >= 2 and _DEPARTMENT.fullmatch(words[-1]):
        yield " ".join(words[:-1]), "", words[-1].upper()
    if "," in query:
        # "Mérignac, Gironde, France": the commune comes first.
        yield from _readings(query.split(",", 1)[0])


def geocode(query: str) -> Place | None:
    """The place `query` names — commune name, postcode, or both — or None if none matches.

    Accent-, case- and hyphen-insensitive. Ties go to the default territory's country, then
    to the most populous place. The place may lack coordinates: `locate_address` then asks the
    online geocoder. Never raises on user input.
    """
    if not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH:
        return None
    country = default_country_code()
    for name, postcode, department in _readings(query):
        if not name and not postcode:
            continue
        if not name and _POSTCODE.fullmatch(postcode):
            found = places_with_postcode(postcode=postcode, country=country).first()
        elif postcode:
            found = _place_by_postcode_and_name(postcode=postcode, name=name, country=country)
        elif _POSTCODE.fullmatch(name):
            found = places_with_postcode(postcode=name, country=country).first()
        else:
            found = places_named(name_folded=name, country=country, department=department).first()
        if found:
            return found
    return None


def _place_by_postcode_and_name(*, postcode: str, name: str, country: str) -> Place | None:
    """The place called `name` at `postcode`; else of that name in the postcode's département;
    else the postcode's main place (people misspell the town more than the postcode)."""
    serving = places_with_postcode(postcode=postcode, country=country)
    department = postcode[:3] if postcode.startswith("97") else postcode[:2]
    return (
        serving.filter(name_folded=name).first()
        or places_named(name_folded=name, country=country, department=department).first()
        or serving.first()
    )


def locate_address(
    *, street: str = "", postcode: str = "", locality: str = "", country: str = "FR"
) -> Location | None:
    """Where an address lies: exact through the online geocoder when there is a street,
    else the commune's point from the gazetteer, else the online geocoder's commune; or None.
    """
    country = (country or "FR").upper()
    place = (
        geocode(" ".join(filter(None, [postcode, locality]))) if (postcode or locality) else None
    )
    if place and place.country_code != country:
        place = None
    if street.strip():
        address = ", ".join(filter(None, [street.strip(), f"{postcode} {locality}".strip()]))
        point = _online_geocode(query=address, postcode=postcode, country=country)
        if point and point.precision != Precision.COMMUNE:
            return Location(point.latitude, point.longitude, point.precision, place)
    if place and place.has_location:
        return Location(place.latitude, place.longitude, Precision.COMMUNE, place)
    query = place.name if place else locality
    postcode = postcode or (place.postcodes.split()[0] if place and place.postcodes else "")
    if query or postcode:
        point = _online_geocode(query=query or postcode, postcode=postcode, country=country)
        if point:
            return Location(point.latitude, point.longitude, Precision.COMMUNE, place)
    return None


def _online_geocode(*, query: str, postcode: str, country: str) -> GeocodedPoint | None:
    """The online geocoder's answer, cached (online services ask us not to repeat queries)."""
    geocoder = online_geocoder()
    if geocoder is None:
        return None
    raw_key = "|".join([settings.GEOCODER, query, postcode, country])
    key = "places:geocode:" + hashlib.sha256(raw_key.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached or None  # False marks a remembered miss
    point = geocoder.geocode(query=query, postcode=postcode, country=country)
    cache.set(key, point or False, ONLINE_CACHE_SECONDS if point else ONLINE_MISS_CACHE_SECONDS)
    return point
