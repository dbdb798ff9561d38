"""A visitor searches: keywords, a category, a radius; list and map agree; back and forward;
a shared URL; no JavaScript; axe-core on /recherche/ at desktop and phone sizes, FR and EN."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from localiste.makers.models import Maker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(restore_reference_data):
    call_command("gazetteer_load", department="33", verbosity=0)
    call_command("demo", makers=20, seed=11, verbosity=0)
    maker = (
        Maker.objects.filter(status=Maker.Status.PUBLISHED)
        .select_related("primary_category__parent")
        .order_by("pk")
        .first()
    )
    top = maker.primary_category
    while top.parent_id:
        top = top.parent
    return {"maker": maker, "top": top}


def result_names(page) -> list[str]:
    return page.locator(".results .maker-card__name").all_inner_texts()


def show_map_on_phone(page):
    toggle = page.locator("[data-view-toggle]")
    if toggle.is_visible():
        toggle.get_by_role("button", name="Carte").click()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_search_page_is_accessible(page, axe, demo_site, language):
    prefix = "" if language == "fr" else "/en"
    page.goto(f"{page.base_url}{prefix}/recherche/?lieu=Bordeaux")
    expect(page.locator(".results li").first).to_be_visible()
    assert serious_violations(axe, page) == []
    page.goto(f"{page.base_url}{prefix}/recherche/?q=zzzzqqq")
    expect(page.locator(".relax")).to_be_visible()
    assert serious_violations(axe, page) == []
    assert page.js_errors == []


def wait_for_htmx(page):
    """Until the region htmx replaced is settled and bound again (no request in flight)."""
    page.wait_for_load_state("networkidle")
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)


def test_filters_update_the_list_and_the_map_and_the_url(page, demo_site):
    top = demo_site["top"]
    page.goto(page.base_url + "/recherche/")
    page.locator("#search-lieu").fill("Bordeaux")
    page.locator("#search-lieu").press("Enter")
    expect(page).to_have_url(re.compile(r"lieu=Bordeaux"))
    everything = result_names(page)
    assert everything

    page.locator(f"#facet-category-{top.slug}").check()
    expect(page).to_have_url(re.compile(rf"categorie={top.slug}"))
    wait_for_htmx(page)
    page.locator("#search-rayon").select_option("50")
    expect(page).to_have_url(re.compile(r"rayon=50"))
    filtered = result_names(page)
    assert filtered

    # The map shows the same makers as the list (the list's page is within the map's count).
    show_map_on_phone(page)
    map_element = page.locator("#results-map")
    # The map loads its features after the list: wait for them rather than read too early.
    page.wait_for_function(
        "n => Number(document.querySelector('#results-map').dataset.total) >= n",
        arg=len(filtered),
    )
    assert int(map_element.get_attribute("data-total")) >= len(filtered)

    # Back and forward move between the searches, the results following.
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"rayon=50"))
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"categorie="))
    expect(page.locator(".results .maker-card__name")).to_have_count(len(everything))
    page.go_forward()
    expect(page).to_have_url(re.compile(rf"categorie={top.slug}"))
    assert page.js_errors == []


def test_a_shared_url_gives_the_same_results(page, browser, demo_site):
    page.goto(page.base_url + "/recherche/")
    page.locator("#search-q").fill("atelier")
    page.locator("#search-q").press("Enter")
    expect(page).to_have_url(re.compile(r"q=atelier"))
    first = result_names(page)
    shared = page.url

    other = page.context.new_page()
    other.goto(shared)
    expect(other.locator(".results .maker-card__name").first).to_be_visible()
    assert other.locator(".results .maker-card__name").all_inner_texts() == first
    other.close()


def test_each_result_shows_its_distance(page, demo_site):
    page.goto(page.base_url + "/en/recherche/?lieu=Bordeaux&rayon=100")
    distances = page.locator(".result-card__distance")
    expect(distances.first).to_contain_text("km")
    assert distances.count() == page.locator(".results > li").count()


def test_search_works_without_javascript(page_without_javascript, demo_site):
    page, top = page_without_javascript, demo_site["top"]
    page.goto(page.base_url + "/")
    page.locator("#search-lieu").fill("Bordeaux")
    page.get_by_role("button", name="Rechercher").first.click()
    expect(page).to_have_url(re.compile(r"/recherche/\?.*lieu=Bordeaux"))
    expect(page.locator(".results li").first).to_be_visible()
    page.locator(f"#facet-category-{top.slug}").check()
    page.get_by_role("button", name=re.compile("filtres|Apply the filters")).click()
    expect(page).to_have_url(re.compile(rf"categorie={top.slug}"))
    expect(page.locator("[data-near-me]")).to_be_hidden()
