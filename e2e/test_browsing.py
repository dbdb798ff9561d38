"""A visitor goes from the home page to a category, a maker and one of its products.

Each page is checked by axe-core, at desktop and phone sizes, in French and in English.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from localiste.makers.models import Maker
from localiste.places.models import Territory
from localiste.places.services import territory_save

LANGUAGES = {"fr": "", "en": "/en"}
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(restore_reference_data):
    call_command("gazetteer_load", department="33", verbosity=0)
    call_command("demo", makers=16, seed=7, verbosity=0)
    maker = (
        Maker.objects.filter(status=Maker.Status.PUBLISHED, products__is_published=True)
        .select_related("primary_category__parent__parent")
        .order_by("-published_at")
        .first()
    )
    top = maker.primary_category
    while top.parent_id:
        top = top.parent
    product = maker.products.filter(is_published=True).order_by("position", "id").first()
    return {"maker": maker, "top": top, "product": product}


def assert_accessible(axe, page):
    assert serious_violations(axe, page) == [], page.url


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_home_to_category_to_maker_to_product(page, axe, demo_site, language):
    from django.utils import translation

    maker, top, product = demo_site["maker"], demo_site["top"], demo_site["product"]
    with translation.override(language):
        top_name, product_name = top.name, product.name

    page.goto(page.base_url + LANGUAGES[language] + "/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(axe, page)

    page.get_by_role("link", name=re.compile(re.escape(top_name))).first.click()
    expect(page).to_have_url(re.compile(rf"{LANGUAGES[language]}/categories/{top.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(top_name)
    assert_accessible(axe, page)

    page.get_by_role("link", name=re.compile(re.escape(maker.name))).first.click()
    expect(page).to_have_url(re.compile(rf"{LANGUAGES[language]}/fabricants/{maker.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(maker.name)
    expect(page.get_by_text(maker.tagline)).to_be_visible()
    assert_accessible(axe, page)

    page.get_by_role("link", name=re.compile(re.escape(product_name))).first.click()
    expect(page).to_have_url(re.compile(rf"/fabricants/{maker.slug}/produits/{product.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(product_name)
    assert_accessible(axe, page)
    assert page.js_errors == []


def test_the_maker_map_shows_stubbed_tiles_and_the_maker_place(page, demo_site):
    maker = demo_site["maker"]
    page.goto(f"{page.base_url}/fabricants/{maker.slug}/")
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    # A dot for an exact address, an area for a maker who shows their town only.
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(1)
    assert page.js_errors == []


def test_the_language_switcher_moves_to_the_english_page(page, demo_site):
    maker = demo_site["maker"]
    page.goto(f"{page.base_url}/fabricants/{maker.slug}/")
    page.get_by_role("button", name=re.compile("English", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(rf"/en/fabricants/{maker.slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_keyboard_users_can_skip_to_the_content(page, demo_site):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_attribute("href", "#main")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_pages_work_without_javascript(page_without_javascript, demo_site):
    page, maker = page_without_javascript, demo_site["maker"]
    page.goto(page.base_url + "/")
    page.get_by_role("link", name=re.compile(re.escape(demo_site["top"].name))).first.click()
    page.get_by_role("link", name=re.compile(re.escape(maker.name))).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(maker.name)
    expect(page.get_by_text(maker.locality).first).to_be_visible()
    page.get_by_role("button", name=re.compile("English", re.IGNORECASE)).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_unknown_pages_answer_404_in_the_site_style(page, demo_site):
    response = page.goto(page.base_url + "/fabricants/nobody-here/")
    assert response.status == 404
    expect(page.get_by_role("banner")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Localiste|accueil", re.I)).first
    ).to_be_visible()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_territory_home_lists_its_makers(page, axe, demo_site, language):
    page.goto(page.base_url + LANGUAGES[language] + "/")
    page.locator('a[href$="/territoires/gironde/"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gironde")
    expect(page.locator(".maker-card").first).to_be_visible()
    # Its map shows the territory's makers (clusters or points) from the map API.
    expect(page.locator("#territory-map .leaflet-marker-icon").first).to_be_attached()
    assert_accessible(axe, page)


def test_a_territory_drawn_by_a_boundary_shows_its_outline_and_makers(page, axe, demo_site):
    ring = [[-0.75, 44.75], [-0.45, 44.75], [-0.45, 44.95], [-0.75, 44.95], [-0.75, 44.75]]
    territory_save(
        territory=Territory(
            slug="autour-de-bordeaux",
            name="Autour de Bordeaux",
            kind=Territory.Kind.CUSTOM,
            boundary={"type": "Polygon", "coordinates": [ring]},
        )
    )
    page.goto(page.base_url + "/territoires/autour-de-bordeaux/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Autour de Bordeaux")
    outline = page.locator('#territory-map .leaflet-overlay-pane path[stroke-dasharray="6 4"]')
    expect(outline).to_have_count(1)
    expect(page.locator("#territory-map .leaflet-marker-icon").first).to_be_attached()
    assert page.js_errors == []
    assert_accessible(axe, page)
