"""The online geocoders against a stub HTTP server on 127.0.0.1: tests never leave the machine."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from localiste.places.geocoders import BanGeocoder, NominatimGeocoder, Precision, online_geocoder
from localiste.places.geocoding import locate_address
from localiste.places.models import Place

BAN_HOUSE = {
    "type": "FeatureCollection",
    "features": [
        {
            "geometry": {"type": "Point", "coordinates": [-0.6452, 44.8388]},
            "properties": {"type": "housenumber", "label": "12 Avenue X 33700 Mérignac"},
        }
    ],
}
NOMINATIM_HOUSE = [{"lat": "51.5033", "lon": "-0.1276", "addresstype": "building", "type": "house"}]


class StubHandler(BaseHTTPRequestHandler):
    """Answers like BAN on /ban/search/ and Nominatim on /osm/search; records what it is asked."""

    requests: list[dict] = []

    def do_GET(self):
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        StubHandler.requests.append(
            {"path": url.path, "query": query, "agent": self.headers["User-Agent"]}
        )
        if "boom" in query.get("q", ""):
            self.send_error(500)
            return
        if "garbage" in query.get("q", ""):
            body = b"<html>not json</html>"
        elif "nowhere" in query.get("q", ""):
            body = json.dumps({"features": []} if url.path.startswith("/ban") else []).encode()
        elif url.path == "/ban/search/":
            body = json.dumps(BAN_HOUSE).encode()
        elif url.path == "/osm/search":
            body = json.dumps(NOMINATIM_HOUSE).encode()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def stub_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def geocoders(settings, stub_url):
    StubHandler.requests.clear()
    settings.GEOCODER_BAN_URL = f"{stub_url}/ban"
    settings.GEOCODER_NOMINATIM_URL = f"{stub_url}/osm"
    settings.GEOCODER_TIMEOUT = 2
    return settings


def test_ban_returns_the_house_point_and_identifies_itself(geocoders):
    point = BanGeocoder().geocode(query="12 avenue X 33700 Mérignac", postcode="33700")
    assert (point.latitude, point.longitude, point.precision) == (44.8388, -0.6452, Precision.EXACT)
    asked = StubHandler.requests[-1]
    assert asked["query"]["postcode"] == "33700" and asked["query"]["limit"] == "1"
    assert asked["agent"].startswith("Localiste")


def test_ban_is_for_french_addresses_only(geocoders):
    assert BanGeocoder().geocode(query="10 Downing Street London", country="GB") is None
    assert StubHandler.requests == []


def test_nominatim_returns_the_point_with_country_filter(geocoders):
    point = NominatimGeocoder().geocode(query="10 Downing Street, London", country="GB")
    assert (point.latitude, point.precision) == (51.5033, Precision.EXACT)
    assert StubHandler.requests[-1]["query"]["countrycodes"] == "gb"


@pytest.mark.parametrize("geocoder_class", [BanGeocoder, NominatimGeocoder])
@pytest.mark.parametrize("query", ["boom", "garbage", "nowhere"])
def test_errors_and_empty_answers_give_none(geocoders, geocoder_class, query):
    assert geocoder_class().geocode(query=query) is None


@pytest.mark.parametrize("geocoder_class", [BanGeocoder, NominatimGeocoder])
def test_an_unreachable_server_gives_none(settings, geocoder_class):
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    assert geocoder_class("http://127.0.0.1:9").geocode(query="Mérignac") is None


def test_the_setting_picks_the_geocoder(settings):
    settings.GEOCODER = ""
    assert online_geocoder() is None
    settings.GEOCODER = "ban"
    assert isinstance(online_geocoder(), BanGeocoder)
    settings.GEOCODER = "nominatim"
    assert isinstance(online_geocoder(), NominatimGeocoder)


@pytest.mark.django_db
def test_locate_address_offline_gives_the_commune_point(gironde, settings):
    settings.GEOCODER = ""
    location = locate_address(street="12 avenue X", postcode="33700", locality="Mérignac")
    assert location.precision == Precision.COMMUNE
    assert location.place.official_code == "33281"
    assert (location.latitude, location.longitude) == (
        location.place.latitude,
        location.place.longitude,
    )


@pytest.mark.django_db
def test_locate_address_asks_the_geocoder_for_the_street_and_caches_it(gironde, geocoders):
    geocoders.GEOCODER = "ban"
    location = locate_address(street="12 avenue X", postcode="33700", locality="Mérignac")
    assert (location.latitude, location.precision) == (44.8388, Precision.EXACT)
    assert location.place.official_code == "33281"
    locate_address(street="12 avenue X", postcode="33700", locality="Mérignac")
    assert len(StubHandler.requests) == 1


@pytest.mark.django_db
def test_an_unlocated_commune_is_located_online_or_not_at_all(gironde, geocoders):
    unlocated = Place.objects.filter(latitude__isnull=True).exclude(postcodes="").first()
    postcode = unlocated.postcodes.split()[0]
    geocoders.GEOCODER = ""
    assert locate_address(postcode=postcode, locality=unlocated.name) is None
    geocoders.GEOCODER = "ban"
    location = locate_address(postcode=postcode, locality=unlocated.name)
    assert location.place == unlocated and location.precision == Precision.COMMUNE
    assert StubHandler.requests[-1]["query"]["postcode"] == postcode


@pytest.mark.django_db
def test_locate_address_of_nothing_known_is_none(gironde, geocoders):
    geocoders.GEOCODER = ""
    assert locate_address(postcode="", locality="") is None
    assert locate_address(postcode="99999", locality="Atlantis") is None
