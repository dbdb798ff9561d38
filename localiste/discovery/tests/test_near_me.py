"""Near me means near: with a place the nearest good matches come first, and the page says so
in words that read right in French ("autour d’Arcachon") and in English."""

import pytest
from django.http import QueryDict
from django.utils import translation

from localiste.catalog.tests.factories import CategoryFactory
from localiste.core.templatetags.elision import of_place, of_place_fr
from localiste.discovery import selectors
from localiste.discovery.params import SORTS, search_request_parse
from localiste.makers.tests.factories import MakerFactory
from localiste.search.query import Sort

pytestmark = pytest.mark.django_db

SORTED_NOTE = "sorted by distance among the best matches"


def parse(query_string: str):
    return search_request_parse(QueryDict(query_string))


@pytest.fixture
def sorts_asked(monkeypatch):
    """The sort order of each query the pages and the API send to the engine."""
    asked = []
    real = selectors.maker_search

    def spy(*, query):
        asked.append(query.sort)
        return real(query=query)

    monkeypatch.setattr(selectors, "maker_search", spy)
    return asked


def test_a_place_or_a_position_makes_the_nearest_good_matches_the_default(gironde):
    assert parse("q=bijoux&lieu=Mérignac").query.sort == Sort.NEAREST
    assert parse("lat=44.84&lon=-0.64").query.sort == Sort.NEAREST
    assert parse("q=bijoux").query.sort == Sort.RELEVANCE
    assert parse("q=bijoux&lieu=Mérignac").sort_chosen is False


def test_relevance_chosen_with_a_place_stays_relevance(gironde):
    request = parse("q=bijoux&lieu=Mérignac&tri=relevance")
    assert request.query.sort == Sort.RELEVANCE
    assert request.sort_chosen
    assert request.filter_values["sort"] == "relevance"  # the log sees the choice
    assert parse("lieu=Mérignac&tri=distance").query.sort == Sort.DISTANCE
    assert "sort" not in parse("lieu=Mérignac").filter_values


def test_nearest_without_a_place_falls_back_to_relevance_with_a_notice(gironde):
    request = parse("q=bijoux&tri=nearest")
    assert request.query.sort == Sort.RELEVANCE
    assert "sort_needs_place" in {notice.code for notice in request.notices}


def test_an_unknown_sort_with_a_place_keeps_the_nearest_first(gironde):
    request = parse("lieu=Mérignac&tri=closest")
    assert request.query.sort == Sort.NEAREST
    assert "bad_sort" in {notice.code for notice in request.notices}


def menu(query_string: str) -> dict:
    return dict(zip(SORTS, parse(query_string).sort_options, strict=True))


def test_the_sort_menu_sends_no_value_for_the_default_order(gironde):
    """So that typing a place after a search without one gets the nearest first, and
    choosing relevance with a place is kept in the URL."""
    with_place = menu("lieu=Mérignac")
    assert with_place[Sort.NEAREST].value == "" and with_place[Sort.NEAREST].selected
    assert with_place[Sort.RELEVANCE].value == "relevance"
    chosen = menu("lieu=Mérignac&tri=relevance")
    assert chosen[Sort.RELEVANCE].value == "relevance" and chosen[Sort.RELEVANCE].selected
    assert chosen[Sort.NEAREST].value == "nearest" and not chosen[Sort.NEAREST].selected
    without_place = menu("q=bijoux")
    assert without_place[Sort.RELEVANCE].value == "" and without_place[Sort.RELEVANCE].selected
    with translation.override("en"):
        assert menu("")[Sort.NEAREST].label == "Nearest good matches"
    with translation.override("fr"):
        assert menu("")[Sort.RELEVANCE].label == "Pertinence"


def test_the_page_says_results_are_sorted_by_distance_with_a_place(client, makers, sorts_asked):
    html = client.get("/en/recherche/", {"q": "bijoux", "lieu": "Mérignac", "rayon": "50"})
    html = html.content.decode()
    assert sorts_asked == [Sort.NEAREST]
    assert SORTED_NOTE in html
    assert html.index("Bijoux de la Lune") < html.index("Bijoux du Bassin")


def test_relevance_chosen_keeps_relevance_and_says_nothing_of_distance(client, makers, sorts_asked):
    params = {"q": "bijoux", "lieu": "Mérignac", "rayon": "50", "tri": "relevance"}
    html = client.get("/en/recherche/", params).content.decode()
    assert sorts_asked == [Sort.RELEVANCE]
    assert SORTED_NOTE not in html
    assert "Bijoux du Bassin" in html


def test_without_a_place_the_page_sorts_by_relevance(client, makers, sorts_asked):
    html = client.get("/en/recherche/", {"q": "bijoux"}).content.decode()
    assert sorts_asked == [Sort.RELEVANCE]
    assert SORTED_NOTE not in html


def test_the_api_keeps_relevance_as_its_default_with_a_place(client, makers, sorts_asked):
    """v1 clients sent a place without `sort` and got relevance: they still do."""
    response = client.get("/api/v1/search", {"q": "bijoux", "near": "Mérignac", "radius_km": 50})
    assert response.status_code == 200
    assert response.json()["sort"] == "relevance"
    params = {"q": "bijoux", "near": "Mérignac", "radius_km": 50, "sort": "nearest"}
    nearest = client.get("/api/v1/search", params)
    assert nearest.status_code == 200 and nearest.json()["sort"] == "nearest"
    names = [hit["name"] for hit in nearest.json()["results"]]
    assert names == ["Bijoux de la Lune", "Bijoux du Bassin"]
    # An empty `sort` (what clients generated before the enum send) is no sort.
    empty = client.get("/api/v1/search", {"q": "bijoux", "near": "Mérignac", "sort": ""})
    assert empty.status_code == 200 and empty.json()["sort"] == "relevance"
    client.get("/api/v1/search", {"q": "bijoux"})
    assert sorts_asked == [Sort.RELEVANCE, Sort.NEAREST, Sort.RELEVANCE, Sort.RELEVANCE]


@pytest.fixture
def basket_makers(db):
    """Two basket makers 10 and 11 km north of a point: the farther one has the word in its
    name too, so relevance lists it first and "nearest good matches" the nearer one."""
    wickerwork = CategoryFactory(slug="t-vannerie", name_fr="Vannerie", name_en="Wickerwork")
    nearer = MakerFactory(
        name="Atelier Roseau", primary_category=wickerwork, latitude=44.93, longitude=-0.64
    )
    farther = MakerFactory(
        name="Vannerie Dupont", primary_category=wickerwork, latitude=44.939, longitude=-0.64
    )
    return [nearer.name, farther.name]


def test_api_clients_see_the_order_they_saw_unless_they_ask_for_nearest(client, basket_makers):
    point = {"q": "vannerie", "lat": "44.84", "lon": "-0.64"}
    by_relevance = client.get("/api/v1/search", point).json()
    assert [hit["name"] for hit in by_relevance["results"]] == basket_makers[::-1]
    assert by_relevance["sort"] == "relevance"
    nearest = client.get("/api/v1/search", {**point, "sort": "nearest"}).json()
    assert [hit["name"] for hit in nearest["results"]] == basket_makers
    assert nearest["sort"] == "nearest"
    html = client.get("/en/recherche/", point).content.decode()
    assert html.index(basket_makers[0]) < html.index(basket_makers[1])  # the page: nearest


def test_an_unknown_api_sort_is_refused_clearly(client, makers):
    response = client.get("/api/v1/search", {"near": "Mérignac", "sort": "closest"})
    assert response.status_code == 422
    assert "sort" in response.json()["detail"]


def _enum(schema: dict, openapi: dict) -> set:
    """The values `schema` allows, through `$ref`, `anyOf` and `allOf`."""
    if "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    values = set(schema.get("enum", ()))
    for part in (*schema.get("anyOf", ()), *schema.get("allOf", ())):
        values |= _enum(part, openapi)
    return values


def test_the_openapi_document_lists_the_sorts_and_types_open_now(client):
    openapi = client.get("/api/v1/openapi.json").json()
    search = {p["name"]: p for p in openapi["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert _enum(search["sort"]["schema"], openapi) == {str(sort) for sort in Sort}
    assert "nearest" in search["sort"]["description"]
    out = openapi["components"]["schemas"]["SearchOut"]["properties"]["sort"]
    assert _enum(out, openapi) == {str(sort) for sort in Sort}
    map_params = {p["name"]: p for p in openapi["paths"]["/api/v1/map"]["get"]["parameters"]}
    assert map_params["open_now"]["schema"]["type"] == "boolean"
    assert "half-hour" in map_params["open_now"]["description"]
    assert "half-hour" in search["open_now"]["description"]


@pytest.mark.parametrize(
    ("name", "french"),
    [
        ("Arcachon", "d’Arcachon"),
        ("Eysines", "d’Eysines"),
        ("Izon", "d’Izon"),
        ("Hourtin", "d’Hourtin"),
        ("Hostens", "d’Hostens"),
        ("Hendaye", "d’Hendaye"),
        ("Hossegor", "d’Hossegor"),
        ("Haux", "de Haux"),  # h aspiré: no elision before most h
        ("Hure", "de Hure"),
        ("Hautefort", "de Hautefort"),
        ("Hourtinville", "de Hourtinville"),  # the list names whole first words
        ("Yaoundé", "de Yaoundé"),
        ("Yvrac", "d’Yvrac"),
        ("Mérignac", "de Mérignac"),
        ("Le Haillan", "du Haillan"),
        ("Les Billaux", "des Billaux"),
        ("La Teste-de-Buch", "de La Teste-de-Buch"),
        ("L’Isle-Saint-Georges", "de L’Isle-Saint-Georges"),
        ("Écoyeux", "d’Écoyeux"),
    ],
)
def test_french_joins_de_to_the_place_name(name, french):
    assert of_place_fr(name) == french
    with translation.override("fr"):
        assert of_place(name) == french
    with translation.override("en"):
        assert of_place(name) == name


def test_the_french_summary_and_distances_read_autour_d_arcachon(client, makers):
    html = client.get("/recherche/", {"q": "bijoux", "lieu": "Arcachon", "rayon": "50"})
    html = html.content.decode()
    assert "autour d’Arcachon" in html
    assert "de Arcachon" not in html
    assert "km d’Arcachon" in html  # the distance on each card
    assert "triés par distance parmi les meilleurs résultats" in html


def test_the_english_summary_and_distances_read_of_arcachon(client, makers):
    html = client.get("/en/recherche/", {"q": "bijoux", "lieu": "Arcachon", "rayon": "50"})
    html = html.content.decode()
    assert "within 50 km of Arcachon" in html
    assert "km from Arcachon" in html
    assert "d’Arcachon" not in html


def test_the_french_page_keeps_de_before_an_h_aspire(client, makers):
    html = client.get("/recherche/", {"q": "bijoux", "lieu": "Haux", "rayon": "50"})
    html = html.content.decode()
    assert "autour de Haux" in html and "km de Haux" in html
    assert "d’Haux" not in html
