"""The full-screen map: clusters and points from /api/v1/map, a cluster zooms in, popups,
the list alternative, axe-core at desktop and phone sizes."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from e2e.conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(restore_reference_data):
    call_command("gazetteer_load", department="33", verbosity=0)
    call_command("demo", makers=24, seed=5, verbosity=0)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_map_page_is_accessible(page, axe, demo_site, prefix):
    page.goto(f"{page.base_url}{prefix}/carte/")
    expect(page.locator(".leaflet-marker-icon").first).to_be_attached()
    assert serious_violations(axe, page) == []
    assert page.js_errors == []


def test_a_search_on_the_map_asks_to_be_counted_on_its_first_view_only(page, demo_site):
    asked = []
    page.on("request", lambda request: "/api/v1/map" in request.url and asked.append(request.url))
    page.goto(page.base_url + "/carte/?q=bijoux")
    expect(page.locator("#full-map")).to_have_attribute("data-total", re.compile(r"\d+"))
    page.locator("#full-map").hover()
    page.mouse.wheel(0, -400)  # zoom in: another request, not counted again
    page.wait_for_timeout(800)
    assert len(asked) >= 2
    assert [url for url in asked if "log=true" in url] == asked[:1]


def test_a_cluster_zooms_in_and_a_point_opens_its_popup(page, demo_site):
    page.goto(page.base_url + "/carte/")
    cluster = page.locator(".map-cluster").first
    expect(cluster).to_be_visible()
    count_before = int(cluster.inner_text())
    with page.expect_response(re.compile(r"/api/v1/map\?")):
        cluster.click()
    expect(page.locator(".map-point").first).to_be_visible(timeout=15_000)
    largest = max([int(text) for text in page.locator(".map-cluster").all_inner_texts()] or [0])
    assert largest < count_before or page.locator(".map-point").count()

    # Zoom until a single maker shows, then open its popup.
    for _ in range(6):
        if page.locator(".map-point:not(.map-point--group)").count():
            break
        with page.expect_response(re.compile(r"/api/v1/map\?")):
            page.locator(".map-cluster").first.click()
    page.locator(".map-point").first.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".map-popup__name").first).to_be_visible()
    expect(popup.locator("a").first).to_have_attribute("href", re.compile(r"/fabricants/"))


def test_the_map_has_a_keyboard_list_of_what_it_shows(page, demo_site):
    page.goto(page.base_url + "/en/carte/")
    expect(page.locator(".leaflet-marker-icon").first).to_be_attached()
    page.get_by_text("List of what the map shows").click()
    items = page.locator("[data-map-list] li")
    expect(items.first).to_be_visible()
    first = items.first.locator("a, button").first
    first.focus()
    expect(first).to_be_focused()


def test_filters_reach_the_map(page, demo_site):
    page.goto(page.base_url + "/carte/")
    expect(page.locator(".leaflet-marker-icon").first).to_be_attached()
    total = int(page.locator("#full-map").get_attribute("data-total"))
    page.locator("#map-q").fill("zzzzqqq")
    page.locator(".map-page__actions button[type=submit]").click()
    expect(page.locator("#full-map")).to_have_attribute("data-total", "0")
    assert total > 0
