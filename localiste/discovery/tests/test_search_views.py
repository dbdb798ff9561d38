"""/recherche/, /carte/ and the suggestions: what a visitor sees, with or without htmx."""

import pytest

from localiste.makers.tests.test_views import assert_no_inline_script_or_style
from localiste.metrics.models import SearchLog

pytestmark = pytest.mark.django_db


def test_results_show_distance_and_respect_the_radius(client, makers):
    response = client.get("/en/recherche/", {"q": "bijoux", "lieu": "Mérignac", "rayon": "10"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bijoux de la Lune" in html
    assert "Bijoux du Bassin" not in html
    assert "km from Mérignac" in html
    assert "within 10 km of Mérignac" in html
    assert_no_inline_script_or_style(html)


def test_each_result_shows_its_distance(client, makers):
    html = client.get("/recherche/", {"q": "bijoux", "lieu": "Mérignac"}).content.decode()
    assert html.count('class="result-card__distance"') == 1


def test_category_facet_counts_include_children(client, makers):
    html = client.get("/en/recherche/", {"q": "bijoux"}).content.decode()
    assert 'value="t-bijoux"' in html
    assert 'Jewellery <span class="facet__count">(2)</span>' in html
    narrowed = client.get("/en/recherche/", {"categorie": "t-bijoux"}).content.decode()
    assert 'Rings <span class="facet__count">(1)</span>' in narrowed
    assert "Tables en chêne" not in narrowed


def test_labels_and_services_filter(client, makers):
    html = client.get("/en/recherche/", {"label": "t-epv"}).content.decode()
    assert "Bijoux de la Lune" in html and "Bijoux du Bassin" not in html
    html = client.get("/en/recherche/", {"services": "online_shop"}).content.decode()
    assert "Bijoux de la Lune" in html and "Tables en chêne" not in html


def test_htmx_gets_the_region_only_and_the_page_varies_on_it(client, makers):
    response = client.get("/recherche/", {"q": "bijoux"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="search-form"' in html and 'id="map-state"' in html
    assert "HX-Request" in response["Vary"]
    restore = client.get(
        "/recherche/",
        {"q": "bijoux"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.content.decode()


def test_the_form_works_without_javascript(client, makers):
    html = client.get("/recherche/").content.decode()
    assert 'method="get"' in html and 'action="/recherche/"' in html
    assert '<label for="search-q">' in html and '<label for="search-rayon">' in html
    assert 'type="submit"' in html


def test_empty_results_suggest_how_to_widen_and_are_logged(client, makers):
    response = client.get(
        "/en/recherche/",
        {
            "q": "bijoux",
            "lieu": "Mérignac",
            "rayon": "5",
            "categorie": "t-bagues",
            "label": "t-epv",
            "services": "made_to_order",
        },
    )
    html = response.content.decode()
    assert "Nothing matches all of this" in html
    assert "Search within 10 km" in html
    assert "Search all of “Jewellery”" in html
    assert "Without “Made to order”" in html
    log = SearchLog.objects.get()
    assert log.query == "bijoux" and log.place == "Mérignac" and log.result_count == 0
    assert log.filters["category"] == "t-bagues"
    assert "ip" not in str(log.filters).lower()


def test_bad_input_gives_notices_not_errors(client, makers):
    for params in [
        {"categorie": "licornes"},
        {"lieu": "Nulle-Part-Sur-Mer"},
        {"lat": "123", "lon": "2"},
        {"rayon": "-40", "lat": "44.8", "lon": "-0.6"},
        {"page": "10000", "q": "bijoux"},
        {"q": '"NEAR( bijoux* -OR :NOT' * 100},
    ]:
        response = client.get("/en/recherche/", params)
        assert response.status_code == 200, params
    html = client.get("/en/recherche/", {"categorie": "licornes"}).content.decode()
    assert "There is no category “licornes”" in html


def test_a_page_past_the_end_shows_the_last_page(client, makers):
    html = client.get("/en/recherche/", {"q": "bijoux", "page": "10000"}).content.decode()
    assert "Bijoux de la Lune" in html


def test_the_map_page_has_the_filters_and_the_map_data(client, makers):
    response = client.get("/en/carte/", {"q": "bijoux", "categorie": "t-bijoux"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-api="/api/v1/map"' in html
    assert "q=bijoux" in html and "category=t-bijoux" in html
    assert '<label for="map-q">' in html
    assert_no_inline_script_or_style(html)


def test_suggestions_list_makers_categories_and_places(client, makers):
    found = client.get("/recherche/suggestions/", {"q": "bij"}).json()
    assert "Bijoux de la Lune" in [maker["label"] for maker in found["makers"]]
    assert "t-bijoux" in [category["slug"] for category in found["categories"]]
    places = client.get("/recherche/suggestions/", {"q": "mérig"}).json()["places"]
    assert places[0]["label"] == "Mérignac"
    assert client.get("/recherche/suggestions/", {"q": "x" * 5000}).status_code == 200
