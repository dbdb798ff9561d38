"""A heritage know-how page in Chromium: its makers drawn on the map from the list, the
list alone without JavaScript, axe-core clean in French and English."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from e2e.conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(restore_reference_data):
    call_command("gazetteer_load", department="33", verbosity=0)
    call_command("demo", makers=4, seed=5, verbosity=0)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_cooperage_page_draws_its_makers_and_is_accessible(page, axe, demo_site, prefix):
    page.goto(f"{page.base_url}{prefix}/savoir-faire/tonnellerie-girondine/")
    points = page.locator("[data-knowhow-points] li")
    expect(page.locator("[data-knowhow-map].leaflet-container")).to_be_visible()
    # One shape per listed place (a circle marker or a town's area), drawn as SVG paths.
    expect(page.locator("[data-knowhow-map] path.leaflet-interactive")).to_have_count(
        points.count()
    )
    assert points.count() >= 4
    assert serious_violations(axe, page) == []
    assert page.js_errors == []


def test_without_javascript_the_places_are_listed_and_no_empty_map(
    page_without_javascript, demo_site
):
    page = page_without_javascript
    page.goto(page.base_url + "/savoir-faire/tonnellerie-girondine/")
    expect(page.locator("[data-knowhow-points] li a").first).to_be_visible()
    expect(page.locator("[data-knowhow-map]")).to_be_hidden()
