"""Where a row's maker is: its commune in the gazetteer, and its point.

The commune comes from its official code (INSEE in France) when the file has one, else from
its postcode and name, through the gazetteer (`places.geocoding.geocode`); a file's rows
name the same communes again and again, so each answer is kept for the import (a bounded
number of them). The point is the file's when it gives one, checked (numbers, on the globe,
not 0, 0, within MAX_PIN_DISTANCE_KM of the commune: swapped columns land far away); else
the online geocoder's for the street when one is configured (settings.GEOCODER, BAN or
Nominatim); else the commune's point from the gazetteer.
"""

from __future__ import annotations

from dataclasses import dataclass

from localiste.makers.models import Maker
from localiste.makers.services.editing import MAX_PIN_DISTANCE_KM
from localiste.opendata.imports.reasons import Skip
from localiste.places.geocoders import Precision, online_geocoder
from localiste.places.geocoding import geocode, locate_address
from localiste.places.models import Place
from localiste.places.selectors import default_country_code
from localiste.search.geo import distance_km

CACHED_ANSWERS = 20_000


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    precision: str  # Maker.Precision


def _number(text) -> float | None:
    """A coordinate as files write it ("44.83", "44,83", 44.83), or None if not a number."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    try:
        return float(str(text).strip().replace(",", "."))
    except ValueError:
        return None


class Locator:
    """Communes and points of the rows of one import (see the module's docstring)."""

    def __init__(self):
        self.country = default_country_code()
        self.online = online_geocoder() is not None
        self._communes: dict[tuple, Place | None] = {}

    def _remember(self, key: tuple, place: Place | None) -> Place | None:
        if len(self._communes) >= CACHED_ANSWERS:
            self._communes.clear()
        self._communes[key] = place
        return place

    def commune(self, *, code: str, postcode: str, locality: str, country: str) -> Place:
        """The commune of a row, or Skip (none given, or unknown)."""
        country = (country or self.country).upper()
        if code:
            key = ("code", country, code)
            if key not in self._communes:
                found = Place.objects.filter(country_code=country, official_code=code).first()
                self._remember(key, found)
            place = self._communes[key]
            if place is None:
                raise Skip("unknown_commune", value=code)
            return place
        if not (postcode or locality):
            raise Skip("no_commune")
        text = " ".join(filter(None, [postcode, locality]))
        key = ("text", country, text.lower())
        if key not in self._communes:
            found = geocode(text)
            self._remember(key, found if found and found.country_code == country else None)
        place = self._communes[key]
        if place is None:
            raise Skip("unknown_commune", value=text)
        return place

    def point(self, *, place: Place, latitude, longitude, street: str, postcode: str) -> Point:
        """The point of a row in `place`, or Skip (bad coordinates, or none to be found)."""
        given_lat = latitude not in (None, "")
        given_lon = longitude not in (None, "")
        precision = Maker.Precision.EXACT if street else Maker.Precision.COMMUNE
        if given_lat or given_lon:
            return Point(*self._checked(place, latitude, longitude), Maker.Precision.EXACT)
        if street and self.online:
            found = locate_address(
                street=street, postcode=postcode, locality=place.name, country=place.country_code
            )
            if found and found.precision != Precision.COMMUNE and self._near(place, found):
                return Point(found.latitude, found.longitude, Maker.Precision.EXACT)
        if place.has_location:
            return Point(place.latitude, place.longitude, precision)
        if self.online:
            found = locate_address(
                postcode=postcode, locality=place.name, country=place.country_code
            )
            if found:
                return Point(found.latitude, found.longitude, precision)
        raise Skip("not_located", commune=place.name)

    @staticmethod
    def _near(place: Place, found) -> bool:
        """Whether a geocoder's answer lies in reach of the commune (else it found another
        street of that name, elsewhere, and the commune's point is better)."""
        if not place.has_location:
            return True
        km = distance_km(found.latitude, found.longitude, place.latitude, place.longitude)
        return km <= MAX_PIN_DISTANCE_KM

    def _checked(self, place: Place, latitude, longitude) -> tuple[float, float]:
        if latitude in (None, "") or longitude in (None, ""):
            raise Skip("coordinates_half")
        lat, lon = _number(latitude), _number(longitude)
        if lat is None or lon is None or lat != lat or lon != lon:  # NaN is no number either
            raise Skip("coordinates_not_numbers", latitude=latitude, longitude=longitude)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise Skip("coordinates_off_globe", latitude=lat, longitude=lon)
        if lat == 0 and lon == 0:
            raise Skip("coordinates_zero")
        if place.has_location:
            km = distance_km(lat, lon, place.latitude, place.longitude)
            if km > MAX_PIN_DISTANCE_KM:
                raise Skip("coordinates_far", km=round(km), commune=place.name)
        return lat, lon
