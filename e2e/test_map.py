"""The full-screen map: clusters and points from /api/v1/map, a cluster zooms in, popups,
markers reached with the keyboard, the list alternative kept in sync, axe-core at desktop and
phone sizes."""

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
    page.locator("[data-map-list-panel] summary").click()
    expect(page.locator("[data-map-list] li").first).to_be_visible()
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


FOCUSED_MARKER = ".leaflet-marker-icon:focus"


def tab_to_a_marker(page):
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.leaflet-marker-icon')"):
            return page.locator(FOCUSED_MARKER)
    raise AssertionError("Tab never reached a marker of the map")


def test_markers_are_reached_with_tab_and_opened_with_enter(page, axe, demo_site):
    page.add_init_script(
        "window.mapDraws = 0;"
        "document.addEventListener('discovery:map-drawn', () => { window.mapDraws += 1; });"
    )
    page.goto(page.base_url + "/en/carte/")
    expect(page.locator("#full-map")).to_have_attribute("data-total", re.compile(r"\d+"))
    marker = tab_to_a_marker(page)
    expect(marker).to_have_attribute("aria-label", re.compile(r"zoom in|see the page"))

    # A cluster zooms in on Enter, says the new count and gives the focus to a marker inside.
    for _ in range(8):
        if "map-point" in marker.get_attribute("class"):
            break
        draws = page.evaluate("window.mapDraws")
        with page.expect_response(re.compile(r"/api/v1/map\?")):
            page.keyboard.press("Enter")
        page.wait_for_function("n => window.mapDraws > n", arg=draws)
        marker = page.locator(FOCUSED_MARKER)
        expect(marker).to_be_attached()
        total = page.locator("#full-map").get_attribute("data-total")
        expect(page.locator("[data-map-status]")).to_contain_text(
            re.compile(rf"^({total} makers|One maker)")
        )
    expect(marker).to_have_class(re.compile("map-point"))

    # A maker opens its popup on Enter, the focus on its link; Escape gives it back.
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a").first
    expect(link).to_be_focused()
    expect(link).to_have_attribute("href", re.compile(r"/en/fabricants/|/fabricants/"))
    expect(link).to_have_attribute("aria-label", re.compile(r"see the page"))
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in: real colours
    assert serious_violations(axe, page) == []
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(page.locator(FOCUSED_MARKER)).to_have_class(re.compile("map-point"))
    assert page.js_errors == []


def expected_list(collection):
    """What the list should hold for an answer of /api/v1/map: (maker names, cluster count)."""
    names, clusters = [], 0
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties.get("count", 1) > 1 and "makers" not in properties:
            clusters += 1
        else:
            names += [maker["name"] for maker in properties.get("makers", [properties])]
    return sorted(names), clusters


def test_the_list_follows_the_map_after_a_zoom(page, demo_site):
    page.goto(page.base_url + "/en/carte/")
    expect(page.locator(".leaflet-marker-icon").first).to_be_attached()
    page.get_by_text("List of what the map shows").click()
    items = page.locator("[data-map-list] li")

    def move_and_compare(action):
        with page.expect_response(re.compile(r"/api/v1/map\?")) as answer:
            action()
        names, clusters = expected_list(answer.value.json())
        expect(items).to_have_count(len(names) + clusters)
        expect(page.locator("[data-map-list] li button")).to_have_count(clusters)
        assert sorted(page.locator("[data-map-list] li a").all_inner_texts()) == names
        total = page.locator("#full-map").get_attribute("data-total")
        expect(page.locator("[data-map-list-panel] summary")).to_contain_text(
            re.compile(rf"({total} makers|One maker|No maker) in this area")
        )

    for _ in range(3):
        move_and_compare(page.locator(".leaflet-control-zoom-in").click)
    for _ in range(2):
        move_and_compare(page.locator(".leaflet-control-zoom-out").click)

    # A cluster of the list zooms the map in, and the focus stays in the list.
    button = page.locator("[data-map-list] li button").first
    expect(button).to_have_text(re.compile(r"\d+ makers around .+: zoom in"))
    move_and_compare(button.click)
    expect(page.locator("[data-map-list] :focus")).to_have_count(1)


def test_a_failed_answer_empties_the_list_and_says_so(page, demo_site):
    page.goto(page.base_url + "/en/carte/")
    expect(page.locator(".leaflet-marker-icon").first).to_be_attached()
    page.route("**/api/v1/map?**", lambda route: route.fulfill(status=500, body="{}"))
    page.get_by_text("List of what the map shows").click()
    page.locator(".leaflet-control-zoom-in").click()
    expect(page.locator("[data-map-list] li")).to_have_text(["The map could not be loaded."])
    expect(page.locator(".leaflet-marker-icon")).to_have_count(0)
    expect(page.locator("[data-map-status]")).to_have_text("The map could not be loaded.")
