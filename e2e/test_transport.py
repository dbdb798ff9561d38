"""The distance and transport avoided on a maker page, asked without JavaScript, and the
method page: both free of serious accessibility problems."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from localiste.catalog.models import Category
from localiste.makers.tests.factories import MakerFactory
from localiste.places.models import Place
from localiste.places.services import gazetteer_load

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cabinet_maker(restore_reference_data):
    gazetteer_load(department="33")
    merignac = Place.objects.get(name="Mérignac", department_code="33")
    return MakerFactory(
        name="Ébénisterie du Parc",
        primary_category=Category.objects.get(slug="tables"),  # under Furniture: 1,200 km
        place=merignac,
        locality="Mérignac",
        postcode="33700",
        latitude=merignac.latitude,
        longitude=merignac.longitude,
    )


def test_a_visitor_asks_how_far_the_maker_is_without_javascript(
    page_without_javascript, cabinet_maker
):
    page = page_without_javascript
    page.goto(f"{page.base_url}/en/fabricants/{cabinet_maker.slug}/")
    panel = page.locator("section.transport")
    expect(panel).to_contain_text("travels about 1,200 km to get here")
    panel.get_by_label("How far is it from you?").fill("Bordeaux")
    panel.get_by_role("button", name="OK").click()
    expect(panel).to_contain_text("From Bordeaux:")
    expect(panel).to_contain_text("5.1 km away")
    # 1,200 − 5.1 km, to the typical distance's own step (100 km): about 1,200 km.
    expect(panel).to_contain_text("About 1,200 km of transport avoided")
    panel.get_by_role("link", name="How is this estimated?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Transport avoided: how it is estimated"
    )


def test_the_panel_and_the_method_page_are_accessible(page, axe, cabinet_maker):
    response = page.goto(
        f"{page.base_url}/en/fabricants/{cabinet_maker.slug}/?depuis=Nowhere-at-all"
    )
    assert response.status == 200  # a shared page: whole, with the message by the field
    expect(page.locator("#transport-place-error")).to_be_visible()
    assert serious_violations(axe, page) == []
    page.goto(f"{page.base_url}/transport-evite/")
    assert serious_violations(axe, page) == []
