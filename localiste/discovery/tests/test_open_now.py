"""Open now, visits by appointment and shipping: filters a visitor ticks, with their counts,
alike on the search page, the search API and the map API."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict

from localiste.discovery import readers
from localiste.discovery.params import search_request_parse
from localiste.discovery.readers import open_slot_at
from localiste.makers.hours import site_now
from localiste.makers.services.indexing import search_index_maker
from localiste.makers.tests.factories import MakerFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_10AM = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
TUESDAY_3PM = datetime.datetime(2026, 12, 1, 15, 0, tzinfo=PARIS)
MAP_VIEW = {"bbox": "-1.5,44.4,0.0,45.2", "zoom": "14"}


@pytest.fixture
def clock(monkeypatch):
    """Sets the moment "open now" means (the site's clock, read in one place)."""

    def set_to(moment):
        monkeypatch.setattr(readers, "site_now", lambda now=None: site_now(now or moment))

    set_to(TUESDAY_10AM)
    return set_to


@pytest.fixture
def workshops(makers):
    """A morning workshop, an afternoon one, one with no hours (by appointment) that ships."""
    morning = MakerFactory(name="Poterie du matin", latitude=44.84, longitude=-0.58)
    afternoon = MakerFactory(name="Poterie du soir", latitude=44.85, longitude=-0.57)
    appointment = MakerFactory(
        name="Poterie sur rendez-vous",
        latitude=44.83,
        longitude=-0.59,
        offers_visits_by_appointment=True,
        offers_shipping=True,
    )
    OpeningPeriodFactory(maker=morning, weekday=1, opens=datetime.time(9), closes=datetime.time(12))
    OpeningPeriodFactory(
        maker=afternoon, weekday=1, opens=datetime.time(14), closes=datetime.time(18, 30)
    )
    for maker in (morning, afternoon):
        search_index_maker(maker_id=maker.pk)
    return {"morning": morning, "afternoon": afternoon, "appointment": appointment}


def test_the_slot_is_the_half_hour_of_the_week_in_site_time():
    assert open_slot_at(datetime.datetime(2026, 11, 30, 0, 0, tzinfo=PARIS)) == 0  # Monday
    assert open_slot_at(TUESDAY_10AM) == 48 + 20
    assert open_slot_at(datetime.datetime(2026, 12, 1, 10, 45, tzinfo=PARIS)) == 48 + 21
    # 9:10 UTC is 10:10 in Paris in winter.
    assert open_slot_at(datetime.datetime(2026, 12, 1, 9, 10, tzinfo=datetime.UTC)) == 68
    assert open_slot_at(datetime.datetime(2026, 12, 6, 23, 59, tzinfo=PARIS)) == 6 * 48 + 47


def test_open_now_asks_the_engine_for_the_current_slot(clock):
    request = search_request_parse(QueryDict("ouvert=1"))
    assert request.open_now
    assert request.query.filters.open_slot == 68
    assert search_request_parse(QueryDict("")).query.filters.open_slot is None
    assert search_request_parse(QueryDict("ouvert=0")).query.filters.open_slot is None
    assert "open_now=true" in request.map_query_string
    assert request.filter_values["open_now"] is True


def test_a_bad_open_now_value_is_reported_not_raised(clock):
    request = search_request_parse(QueryDict("ouvert=peut-etre"))
    assert not request.open_now
    assert [notice.code for notice in request.errors] == ["bad_flag"]


def test_open_now_keeps_only_the_makers_open_at_that_moment(client, workshops, clock):
    html = client.get("/en/recherche/", {"q": "poterie", "ouvert": "1"}).content.decode()
    assert "Poterie du matin" in html
    assert "Poterie du soir" not in html and "Poterie sur rendez-vous" not in html
    clock(TUESDAY_3PM)
    html = client.get("/en/recherche/", {"q": "poterie", "ouvert": "1"}).content.decode()
    assert "Poterie du soir" in html and "Poterie du matin" not in html
    everyone = client.get("/en/recherche/", {"q": "poterie"}).content.decode()
    assert "Poterie du matin" in everyone and "Poterie sur rendez-vous" in everyone


def test_an_empty_open_now_search_offers_to_show_closed_makers_too(client, workshops, clock):
    clock(datetime.datetime(2026, 12, 1, 22, 0, tzinfo=PARIS))
    html = client.get("/en/recherche/", {"q": "poterie", "ouvert": "1"}).content.decode()
    assert "No maker found." in html
    assert "Makers closed at the moment too" in html


def test_the_apis_filter_open_makers_alike(client, workshops, clock):
    response = client.get("/api/v1/search", {"q": "poterie", "open_now": "true"})
    assert response.status_code == 200
    assert [hit["name"] for hit in response.json()["results"]] == ["Poterie du matin"]
    assert client.get("/api/v1/search", {"open_now": "maybe"}).status_code == 400
    features = client.get("/api/v1/map", {**MAP_VIEW, "q": "poterie", "open_now": "true"})
    assert features.status_code == 200
    assert sum(f["properties"]["count"] for f in features.json()["features"]) == 1


@pytest.mark.parametrize(
    ("service", "label"),
    [("by_appointment", "Visits by appointment"), ("shipping", "Ships orders")],
)
def test_appointment_and_shipping_facets_count_and_filter(client, workshops, service, label):
    html = client.get("/en/recherche/", {"q": "poterie"}).content.decode()
    assert f'{label} <span class="facet__count">(1)</span>' in html
    narrowed = client.get("/en/recherche/", {"q": "poterie", "services": service})
    narrowed = narrowed.content.decode()
    assert "Poterie sur rendez-vous" in narrowed and "Poterie du matin" not in narrowed
    api = client.get("/api/v1/search", {"q": "poterie", "services": service}).json()
    assert api["facets"]["service"][service] == 1
    assert [hit["name"] for hit in api["results"]] == ["Poterie sur rendez-vous"]
    features = client.get("/api/v1/map", {**MAP_VIEW, "q": "poterie", "services": service})
    assert sum(f["properties"]["count"] for f in features.json()["features"]) == 1


def test_the_french_facets_name_the_new_services(client, workshops):
    html = client.get("/recherche/", {"q": "poterie"}).content.decode()
    assert "Visites sur rendez-vous" in html and "Expédition" in html


@pytest.fixture
def bookbinder(db):
    """A bookbinder open on Tuesdays from 9:15 to 12:15: quarter past, not on the half-hour."""
    maker = MakerFactory(name="Reliure du quart", latitude=44.84, longitude=-0.58)
    OpeningPeriodFactory(
        maker=maker, weekday=1, opens=datetime.time(9, 15), closes=datetime.time(12, 15)
    )
    search_index_maker(maker_id=maker.pk)
    return maker


def open_now_names(client) -> list[str]:
    response = client.get("/api/v1/search", {"q": "reliure", "open_now": "true"})
    assert response.status_code == 200
    return [hit["name"] for hit in response.json()["results"]]


@pytest.mark.parametrize(
    ("hour", "minute", "is_open"),
    [(9, 10, False), (9, 20, False), (9, 35, True), (11, 55, True), (12, 5, False)],
)
def test_open_now_means_open_for_the_whole_current_half_hour(
    client, bookbinder, clock, hour, minute, is_open
):
    """Documents carry whole half-hours: 9:15–12:15 is open now from 9:30 to 12:00."""
    clock(datetime.datetime(2026, 12, 1, hour, minute, tzinfo=PARIS))
    assert open_now_names(client) == (["Reliure du quart"] if is_open else [])


@pytest.mark.parametrize(
    ("utc_hour", "utc_minute", "is_open"),
    [(7, 40, True), (10, 10, False)],  # 9:40 and 12:10 in Paris, summer time (UTC+2)
)
def test_open_now_follows_summer_time_in_the_sites_time_zone(
    client, bookbinder, clock, settings, utc_hour, utc_minute, is_open
):
    settings.TIME_ZONE = "Europe/Paris"
    clock(datetime.datetime(2026, 7, 7, utc_hour, utc_minute, tzinfo=datetime.UTC))  # a Tuesday
    assert open_now_names(client) == (["Reliure du quart"] if is_open else [])
    # The same UTC time in winter (UTC+1) says the opposite: 8:40 closed, 11:10 open.
    clock(datetime.datetime(2026, 12, 1, utc_hour, utc_minute, tzinfo=datetime.UTC))
    assert open_now_names(client) == ([] if is_open else ["Reliure du quart"])


def test_the_map_api_reads_open_now_as_a_boolean(client, bookbinder, clock):
    clock(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=PARIS))
    for value, count in [("true", 1), ("1", 1), ("false", 1), ("0", 1)]:
        features = client.get("/api/v1/map", {**MAP_VIEW, "q": "reliure", "open_now": value})
        assert features.status_code == 200
        assert sum(f["properties"]["count"] for f in features.json()["features"]) == count
    clock(datetime.datetime(2026, 12, 1, 13, 0, tzinfo=PARIS))
    closed = client.get("/api/v1/map", {**MAP_VIEW, "q": "reliure", "open_now": "true"})
    assert closed.json()["features"] == []
    refused = client.get("/api/v1/map", {**MAP_VIEW, "open_now": "maybe"})
    assert refused.status_code == 422 and "open_now" in refused.json()["detail"]
