"""Online geocoders for exact addresses: BAN (France) and Nominatim (anywhere).

Chosen by `settings.GEOCODER` ("" = offline only, "ban", "nominatim"). Base URLs come from
`settings.GEOCODER_BAN_URL` / `settings.GEOCODER_NOMINATIM_URL` so that tests point them at
a local stub server. Any network or format error gives None: a geocoder being down must
never break a maker's edit.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from django.conf import settings

logger = logging.getLogger(__name__)

BAN_URL = "https://api-adresse.data.gouv.fr"
NOMINATIM_URL = "https://nominatim.openstreetmap.org"
MAX_RESPONSE_BYTES = 1_000_000


class Precision(StrEnum):
    EXACT = "exact"  # a house number
    STREET = "street"
    COMMUNE = "commune"


@dataclass(frozen=True)
class GeocodedPoint:
    latitude: float
    longitude: float
    precision: Precision


class Geocoder(Protocol):
    def geocode(self, *, query: str, postcode: str = "", country: str = "") -> GeocodedPoint | None:
        """The best point for a free-text address, or None."""


def _fetch_json(url: str) -> object | None:
    """The decoded JSON at `url`, or None on any network, HTTP or format error."""
    site_name = getattr(settings, "SITE_NAME", "Localiste")
    contact = getattr(settings, "SITE_CONTACT_EMAIL", "")
    # Nominatim's usage policy asks every application to identify itself with a contact.
    request = urllib.request.Request(
        url,
        headers={"User-Agent": f"Localiste ({site_name}; {contact})", "Accept": "application/json"},
    )
    timeout = getattr(settings, "GEOCODER_TIMEOUT", 5)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read(MAX_RESPONSE_BYTES))
    except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts, bad JSON
        logger.warning("geocoder request failed: %s", error)
        return None


def _point(latitude: object, longitude: object, precision: Precision) -> GeocodedPoint | None:
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return GeocodedPoint(lat, lon, precision)


class BanGeocoder:
    """The French Base Adresse Nationale (api-adresse.data.gouv.fr); French addresses only."""

    PRECISIONS = {"housenumber": Precision.EXACT, "street": Precision.STREET}

    def __init__(self, base_url: str = ""):
        self.base_url = (base_url or getattr(settings, "GEOCODER_BAN_URL", "") or BAN_URL).rstrip(
            "/"
        )

    def geocode(self, *, query: str, postcode: str = "", country: str = "") -> GeocodedPoint | None:
        if country and country.upper() != "FR":
            return None
        params = {"q": query[:200], "limit": 1}
        if postcode:
            params["postcode"] = postcode
        payload = _fetch_json(f"{self.base_url}/search/?{urllib.parse.urlencode(params)}")
        try:
            feature = payload["features"][0]
            longitude, latitude = feature["geometry"]["coordinates"][:2]
            kind = feature["properties"].get("type", "")
        except (TypeError, KeyError, IndexError, ValueError):
            return None
        return _point(latitude, longitude, self.PRECISIONS.get(kind, Precision.COMMUNE))


class NominatimGeocoder:
    """OpenStreetMap's Nominatim; mind its usage policy (one request a second, cached)."""

    STREET_TYPES = {"road", "street", "residential", "pedestrian", "square"}

    def __init__(self, base_url: str = ""):
        self.base_url = (
            base_url or getattr(settings, "GEOCODER_NOMINATIM_URL", "") or NOMINATIM_URL
        ).rstrip("/")

    def geocode(self, *, query: str, postcode: str = "", country: str = "") -> GeocodedPoint | None:
        params = {"q": " ".join(filter(None, [query[:200], postcode])), "format": "jsonv2"}
        params["limit"] = 1
        if country:
            params["countrycodes"] = country.lower()
        payload = _fetch_json(f"{self.base_url}/search?{urllib.parse.urlencode(params)}")
        try:
            result = payload[0]
            latitude, longitude = result["lat"], result["lon"]
        except (TypeError, KeyError, IndexError):
            return None
        kind = result.get("addresstype") or result.get("type", "")
        if kind in {"house", "building"} or result.get("category") == "building":
            precision = Precision.EXACT
        elif kind in self.STREET_TYPES:
            precision = Precision.STREET
        else:
            precision = Precision.COMMUNE
        return _point(latitude, longitude, precision)


GEOCODERS = {"ban": BanGeocoder, "nominatim": NominatimGeocoder}


def online_geocoder() -> Geocoder | None:
    """The geocoder `settings.GEOCODER` names, or None when the site works offline."""
    geocoder_class = GEOCODERS.get(getattr(settings, "GEOCODER", "").strip().lower())
    return geocoder_class() if geocoder_class else None
