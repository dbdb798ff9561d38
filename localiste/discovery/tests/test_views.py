"""The home page: search box, categories, featured and newest makers, territory."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.models import Maker
from localiste.makers.tests.factories import MakerFactory
from localiste.makers.tests.test_views import assert_no_inline_script_or_style
from localiste.places.models import Territory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "category"), [("", "Bijoux en verre"), ("/en", "Glass jewellery")]
)
def test_home_shows_search_categories_and_makers(client, prefix, category):
    jewellery = CategoryFactory(
        slug="test-bijoux", name_fr="Bijoux en verre", name_en="Glass jewellery"
    )
    MakerFactory(name="Atelier Lune", primary_category=jewellery, is_featured=True)
    MakerFactory(name="Bois Flotté")
    MakerFactory(name="Brouillon", status=Maker.Status.DRAFT)

    response = client.get(f"{prefix}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{prefix}/recherche/"' in html
    assert 'name="q"' in html and 'name="lieu"' in html
    assert '<label for="search-q">' in html and '<label for="search-lieu">' in html
    assert category in html
    assert "Atelier Lune" in html and "Bois Flotté" in html
    assert "Brouillon" not in html
    assert html.count("<h1") == 1
    assert_no_inline_script_or_style(html)


def test_home_shows_the_published_count_of_each_category(client):
    jewellery = CategoryFactory(slug="test-bijoux", name_en="Glass jewellery")
    MakerFactory(primary_category=jewellery)
    MakerFactory(primary_category=jewellery)
    html = client.get("/en/").content.decode()
    assert re.search(r"Glass jewellery</span>\s*<span[^>]*>2 makers<", html)


def test_home_never_counts_makers(client):
    MakerFactory(is_featured=True)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    counting = [
        query["sql"]
        for query in queries.captured_queries
        if "COUNT(" in query["sql"].upper()
        and ("makers_maker" in query["sql"] or "makers_makercategory" in query["sql"])
    ]
    assert counting == []


def test_home_presents_the_territory_in_the_active_language(client, settings):
    settings.DEFAULT_TERRITORY = "gironde"
    Territory.objects.create(
        slug="gironde",
        name="Gironde",
        kind=Territory.Kind.DEPARTEMENT,
        presentation_fr="Entre **océan** et vignes.",
        presentation_en="Between the **ocean** and the vineyards.",
    )
    assert "Entre <strong>océan</strong> et vignes." in client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Between the <strong>ocean</strong> and the vineyards." in english


def test_home_works_without_territory_or_makers(client):
    response = client.get("/")
    assert response.status_code == 200


def test_language_switcher_posts_to_set_language_with_next(client):
    html = client.get("/en/categories/").content.decode()
    assert 'action="/langue/"' in html
    assert 'name="next" value="/categories/"' in html
    to_french = client.post("/langue/", {"language": "fr", "next": "/categories/"})
    assert to_french["Location"] == "/categories/"
    to_english = client.post("/langue/", {"language": "en", "next": "/categories/?page=2"})
    assert to_english["Location"] == "/en/categories/?page=2"


def test_error_page_renders_without_request_context_or_database(rf, django_assert_num_queries):
    from localiste.core.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "css/base.css" in html
    assert "<h1>" in html
    assert_no_inline_script_or_style(html)
