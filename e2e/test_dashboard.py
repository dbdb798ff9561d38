"""The operators' dashboard and demand map in Chromium: every chart drawn (an SVG image the
page's policy lets through), no console error, no serious axe-core violation; the demand map
draws its towns with JavaScript, and its table says it all without. In English: the
French catalogue is compiled after these strings are translated."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from e2e.offline import VIEWPORTS
from e2e.test_moderation import operator_page

pytestmark = pytest.mark.django_db(transaction=True)
DESKTOP = [("desktop", VIEWPORTS["desktop"])]


@pytest.fixture
def activity(settings):
    """Listings, a decision and searches: something in every chart and on the map."""
    from localiste.catalog.models import Category
    from localiste.makers.models import Maker
    from localiste.makers.tests.factories import MakerFactory
    from localiste.metrics.services import search_log_record
    from localiste.moderation.models import Decision, ItemKind
    from localiste.places.models import Place
    from localiste.places.services import gazetteer_load

    gazetteer_load(department="33")
    category = Category.objects.filter(depth=1).first()
    MakerFactory.create_batch(3, primary_category=category, locality="Libourne")
    pending = MakerFactory(primary_category=category, status=Maker.Status.PENDING)
    Maker.objects.filter(pk=pending.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(hours=5)
    )
    Decision.objects.create(
        kind=ItemKind.LISTING, object_id=pending.pk, maker=pending, action="changes_requested"
    )
    for name, query, times, found in [
        ("Libourne", "luthier", 12, 0),
        ("Bordeaux", "tapis", 8, 1),
        ("Arcachon", "bijoux", 6, 9),
    ]:
        place = Place.objects.get(name=name, department_code="33")
        for _ in range(times):
            search_log_record(
                query=query,
                place=name,
                filters={},
                result_count=found,
                duration_ms=1.0,
                place_id=place.pk,
            )


def watched(page):
    """`page` with a list of its console errors and uncaught exceptions."""
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


@pytest.mark.parametrize("viewport", DESKTOP, ids=["desktop"])
@pytest.mark.usefixtures("activity")
def test_the_dashboard_draws_every_chart_beside_its_table(browser, axe, live_server, viewport):
    page = watched(operator_page(browser, live_server.url, "claire@example.org", "Claire Martin"))
    page.goto(page.base_url + "/en/moderation/")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    page.wait_for_load_state("networkidle")

    charts = page.locator("img.dashboard-figure__chart")
    assert charts.count() == 7
    for index in range(charts.count()):
        assert charts.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator(".dashboard-figure table caption").count() == 7
    assert page.problems == []
    assert serious_violations(axe, page) == []


@pytest.mark.parametrize("viewport", DESKTOP, ids=["desktop"])
@pytest.mark.usefixtures("activity")
def test_the_demand_map_shows_the_towns_searched(browser, axe, live_server, viewport):
    page = watched(operator_page(browser, live_server.url, "claire@example.org", "Claire Martin"))
    page.goto(page.base_url + "/en/moderation/demande/")
    table = page.locator("table.demand-table tbody tr")
    expect(table).to_have_count(3)
    expect(table.first).to_contain_text("luthier")
    expect(table.first).to_contain_text("Libourne")

    town_map = page.locator(".demand-map")
    expect(town_map).to_be_visible()
    circles = town_map.locator("path.leaflet-interactive")
    expect(circles).to_have_count(3)
    page.get_by_label("Period").select_option("90")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(page.base_url + "/en/moderation/demande/?periode=90")
    expect(town_map.locator("path.leaflet-interactive")).to_have_count(3)
    page.wait_for_load_state("networkidle")
    assert page.problems == []
    assert serious_violations(axe, page) == []


@pytest.mark.usefixtures("activity")
def test_without_javascript_the_demand_table_is_all_there(browser, live_server):
    page = operator_page(
        browser, live_server.url, "marc@example.org", "Marc Petit", javascript=False
    )
    page.goto(page.base_url + "/moderation/demande/")
    expect(page.locator("table.demand-table tbody tr")).to_have_count(3)
    expect(page.locator(".demand-map")).to_be_hidden()
