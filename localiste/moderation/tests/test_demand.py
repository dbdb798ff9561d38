"""The demand map: searches counted by town and query, shown from DEMAND_MIN_SEARCHES up,
over the period chosen; a table first (and a CSV), the map's points in a JSON element."""

import csv
import datetime
import io
import json
import re

import pytest
from django.utils import timezone

from localiste.metrics.models import SearchLog
from localiste.metrics.services import search_log_record
from localiste.moderation.tests.conftest import en
from localiste.moderation.tests.test_dashboard import Tables
from localiste.places.models import Place
from localiste.places.services import gazetteer_load

pytestmark = pytest.mark.django_db

CAPTION_30 = "Most searched towns and queries, last 30 days"


@pytest.fixture
def gazetteer(db):
    gazetteer_load(department="33")


def place(name: str) -> Place:
    return Place.objects.get(name=name, department_code="33")


def log(query: str, times: int, *, near: Place, found: int = 0, days_ago: int = 0):
    for _ in range(times):
        search_log_record(
            query=query,
            place=near.name,
            filters={},
            result_count=found,
            duration_ms=1.0,
            place_id=near.pk,
        )
    if days_ago:
        SearchLog.objects.filter(query=query, place_id=near.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )


def demand_page(client, **params):
    return client.get(en("moderation:demand"), params)


def points_of(page) -> list[dict]:
    found = re.search(r'<script id="demand-points" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1)) if found else []


def test_fifty_searches_near_libourne_that_found_nothing_show_three_elsewhere_do_not(
    client, operator, gazetteer
):
    """The acceptance: the visitors' searches, through the search page, on the demand map."""
    for _ in range(50):
        assert client.get("/en/recherche/", {"q": "Luthier", "lieu": "Libourne"}).status_code == 200
    for _ in range(3):
        assert client.get("/en/recherche/", {"q": "luthier", "lieu": "Mérignac"}).status_code == 200
    client.force_login(operator)

    page = demand_page(client).content.decode()

    assert Tables(page).tables[CAPTION_30] == [["1", "luthier", "Libourne (33)", "50", "0"]]
    assert "Mérignac" not in page
    [point] = points_of(page)
    libourne = place("Libourne")
    assert (point["name"], point["searches"]) == ("Libourne", 50)
    assert point["lat"] == round(libourne.latitude, 5)
    assert point["lon"] == round(libourne.longitude, 5)
    assert point["lines"] == ["luthier near Libourne: 50 searches, at most 0 makers found"]


def test_cells_are_ranked_by_searches_with_the_most_any_search_found(
    operator_client, gazetteer, settings
):
    settings.DEMAND_MIN_SEARCHES = 5
    libourne, bordeaux = place("Libourne"), place("Bordeaux")
    log("bijoux", 30, near=libourne, found=0)
    log("Bijoux", 7, near=libourne, found=2)  # the same query, folded: 37 searches
    log("tapis", 12, near=bordeaux, found=4)
    log("vannerie", 5, near=bordeaux, found=0)
    log("lampe", 4, near=bordeaux, found=0)  # under the threshold

    rows = Tables(demand_page(operator_client).content.decode()).tables[CAPTION_30]

    assert rows == [
        ["1", "bijoux", "Libourne (33)", "37", "2"],
        ["2", "tapis", "Bordeaux (33)", "12", "4"],
        ["3", "vannerie", "Bordeaux (33)", "5", "0"],
    ]
    response = operator_client.get(en("moderation:demand_csv"), {"periode": "30"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["Town", "Département", "Search", "Searches", "Most makers found"],
        ["Libourne", "33", "bijoux", "37", "2"],
        ["Bordeaux", "33", "tapis", "12", "4"],
        ["Bordeaux", "33", "vannerie", "5", "0"],
    ]


def test_the_period_is_30_or_90_days(operator_client, gazetteer):
    log("luthier", 6, near=place("Libourne"), days_ago=45)
    log("luthier", 5, near=place("Libourne"))

    last_month = Tables(demand_page(operator_client, periode="30").content.decode()).tables
    last_quarter = Tables(demand_page(operator_client, periode="90").content.decode()).tables

    assert last_month[CAPTION_30] == [["1", "luthier", "Libourne (33)", "5", "0"]]
    assert last_quarter["Most searched towns and queries, last 90 days"] == [
        ["1", "luthier", "Libourne (33)", "11", "0"]
    ]


@pytest.mark.parametrize("period", ["7", "toujours", ""])
def test_another_period_is_refused_with_a_message(operator_client, period):
    response = demand_page(operator_client, periode=period)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="field__errors" role="alert"' in page
    assert ("Select a valid choice" in page) or ("This field is required" in page)
    assert operator_client.get(en("moderation:demand_csv"), {"periode": period}).status_code == 400


def test_without_enough_searches_the_page_says_so_and_has_no_map(operator_client, gazetteer):
    log("luthier", 4, near=place("Libourne"))
    page = demand_page(operator_client).content.decode()
    assert "No town and query was searched 5 times or more in the last 30 days." in page
    assert "demand-map" not in page and "leaflet.js" not in page


def test_searches_without_a_town_or_without_words_are_not_counted(operator_client, gazetteer):
    for _ in range(6):
        search_log_record(query="luthier", place="", filters={}, result_count=0, duration_ms=1)
        search_log_record(
            query="", place="Libourne", filters={"category": "bijoux"}, result_count=0,
            duration_ms=1, place_id=place("Libourne").pk,
        )  # fmt: skip
    assert CAPTION_30 not in demand_page(operator_client).content.decode()


@pytest.mark.parametrize("name", ["moderation:demand", "moderation:demand_csv"])
def test_only_the_sites_operators_see_the_demand(client, make_user, moderator, name):
    url = en(name)
    assert client.get(url).status_code == 302
    client.force_login(make_user("maker@example.org"))
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    assert client.get(url).status_code == 403


def test_a_search_around_the_visitors_position_logs_no_position(client, gazetteer):
    client.get("/en/recherche/", {"q": "luthier", "lat": "44.91", "lon": "-0.24"})
    client.get("/en/recherche/", {"q": "luthier", "lieu": "Libourne"})
    around_me, near_libourne = SearchLog.objects.order_by("pk")
    assert around_me.place_id is None
    assert not {"latitude", "longitude"} & {f.name for f in SearchLog._meta.fields}
    assert near_libourne.place_id == place("Libourne").pk
    assert near_libourne.query_folded == "luthier"


def test_the_page_and_its_csv_share_one_count_per_period(operator_client, gazetteer):
    libourne = place("Libourne")
    log("luthier", 5, near=libourne)
    page = demand_page(operator_client).content.decode()
    log("luthier", 3, near=libourne)  # after the page was counted

    assert Tables(page).tables[CAPTION_30] == [["1", "luthier", "Libourne (33)", "5", "0"]]
    assert re.search(r"Figures as of \d\d:\d\d", page)
    response = operator_client.get(en("moderation:demand_csv"), {"periode": "30"})
    assert response["Cache-Control"] == "private, no-store"
    assert list(csv.reader(io.StringIO(response.content.decode())))[1] == [
        "Libourne", "33", "luthier", "5", "0",
    ]  # fmt: skip
    # Another period is its own count.
    last_quarter = Tables(demand_page(operator_client, periode="90").content.decode()).tables
    assert last_quarter["Most searched towns and queries, last 90 days"][0][3] == "8"


def test_a_threshold_or_retention_that_protects_nobody_is_warned_of(settings):
    from localiste.moderation.checks import demand_privacy_settings

    assert demand_privacy_settings(None) == []
    settings.DEMAND_MIN_SEARCHES = 2
    settings.SEARCH_LOG_RETENTION_DAYS = 0
    warnings = {warning.id: warning.msg for warning in demand_privacy_settings(None)}
    assert "one person's searches" in warnings["localiste.moderation.W001"]
    assert "SEARCH_LOG_RETENTION_DAYS" in warnings["localiste.moderation.W002"]


def test_a_search_on_the_map_counts_once_near_the_town_in_view(client, operator, gazetteer):
    """The full-screen map asks with `log=true` on its first view only; its pans do not count."""
    libourne = place("Libourne")
    around = f"{libourne.longitude - 0.1},{libourne.latitude - 0.08},"
    around += f"{libourne.longitude + 0.1},{libourne.latitude + 0.08}"
    for _ in range(5):
        first = {"bbox": around, "zoom": "12", "q": "luthier", "log": "true"}
        assert client.get("/api/v1/map", first).status_code == 200
        for _pan in range(3):
            assert client.get("/api/v1/map", {**first, "log": "false"}).status_code == 200
    france = {"bbox": "-5,41,9,51", "zoom": "5", "q": "luthier", "log": "true"}
    assert client.get("/api/v1/map", france).status_code == 200  # too wide to be near a town
    assert (
        client.get("/api/v1/map", {"bbox": around, "zoom": "12", "log": "true"}).status_code == 200
    )

    logged = SearchLog.objects.order_by("pk")
    assert [(entry.query, entry.place_id) for entry in logged] == [
        *[("luthier", libourne.pk)] * 5,
        ("luthier", None),
    ]  # the map without words or filters says nothing about demand: not logged
    client.force_login(operator)
    assert Tables(demand_page(client).content.decode()).tables[CAPTION_30] == [
        ["1", "luthier", "Libourne (33)", "5", "0"]
    ]


def test_the_full_screen_map_asks_to_count_its_first_view_and_the_results_map_does_not(client):
    assert 'data-log-search="first"' in client.get("/carte/", {"q": "luthier"}).content.decode()
    assert "data-log-search" not in client.get("/recherche/", {"q": "luthier"}).content.decode()
