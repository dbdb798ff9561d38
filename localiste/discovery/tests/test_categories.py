"""The category tree and category pages, with their pagination."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.tests.factories import MakerFactory
from localiste.makers.tests.test_views import assert_no_inline_script_or_style

pytestmark = pytest.mark.django_db


@pytest.fixture
def furniture():
    furniture = CategoryFactory(slug="test-mobilier", name_fr="Meubles", name_en="Furnishings")
    CategoryFactory(slug="test-tables", name_fr="Tables", name_en="Tables", parent=furniture)
    return furniture


@pytest.mark.parametrize(("prefix", "name"), [("", "Meubles"), ("/en", "Furnishings")])
def test_index_lists_the_tree(client, furniture, prefix, name):
    response = client.get(f"{prefix}/categories/")
    assert response.status_code == 200
    html = response.content.decode()
    assert name in html
    assert f'href="{prefix}/categories/test-tables/"' in html
    assert_no_inline_script_or_style(html)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_category_page_lists_makers_of_sub_categories_too(client, furniture, prefix):
    tables = furniture.children.get()
    MakerFactory(name="Ébénisterie Garonne", primary_category=tables)

    response = client.get(f"{prefix}/categories/test-mobilier/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ébénisterie Garonne" in html
    assert f'href="{prefix}/categories/test-tables/"' in html  # sub-category chip
    assert 'aria-current="page"' in html  # breadcrumb
    assert html.count("<h1") == 1


def test_category_page_paginates_by_24(client, furniture):
    for _ in range(25):
        MakerFactory(primary_category=furniture)

    first = client.get("/categories/test-mobilier/").content.decode()
    second = client.get("/categories/test-mobilier/?page=2").content.decode()

    assert first.count('class="maker-card"') == 24
    assert 'href="?page=2"' in first
    assert second.count('class="maker-card"') == 1
    assert 'rel="prev" href="/categories/test-mobilier/"' in second


@pytest.mark.parametrize("page", ["abc", "0", "3", "-2", "9" * 30])
def test_pages_that_do_not_exist_are_not_found(client, furniture, page):
    MakerFactory(primary_category=furniture)
    assert client.get(f"/categories/test-mobilier/?page={page}").status_code == 404


def test_category_page_never_counts_makers(client, furniture):
    MakerFactory(primary_category=furniture)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/categories/test-mobilier/").status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(queries) <= 6


def test_unknown_category_is_not_found(client):
    assert client.get("/categories/nope/").status_code == 404
    assert client.get("/en/categories/nope/").status_code == 404
