"""“Tell me” under the search results: a visitor asks for an alert, with and without
JavaScript, at phone and desktop sizes; the form and its answers pass axe-core."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from localiste.alerts.models import SearchAlert
from localiste.places.services import gazetteer_load

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gironde(restore_reference_data, live_server, settings):
    gazetteer_load(department="33")
    settings.SITE_URL = live_server.url  # alerts need the site's address (their mails' links)


def test_a_visitor_asks_for_an_alert_under_the_results(page, axe, gironde):
    page.goto(f"{page.base_url}/en/recherche/?lieu=M%C3%A9rignac&rayon=10")
    form = page.locator("form.alert-offer")
    expect(form).to_be_visible()
    assert serious_violations(axe, page) == []

    form.get_by_label("Your email").fill("not an address")
    form.get_by_role("button", name="Tell me about new makers").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    assert serious_violations(axe, page) == []

    page.locator("form.alert-offer").get_by_label("Your email").fill("ana@example.org")
    page.get_by_role("button", name="Tell me about new makers").click()
    expect(page.get_by_role("heading", name="Check your mailbox")).to_be_visible()
    assert serious_violations(axe, page) == []
    alert = SearchAlert.objects.get()
    assert (alert.place_name, alert.radius_km, alert.is_confirmed) == ("Mérignac", 10, False)
    assert page.js_errors == []


def test_the_alert_form_works_without_javascript(page_without_javascript, gironde):
    page = page_without_javascript
    page.goto(f"{page.base_url}/recherche/?lieu=M%C3%A9rignac")
    form = page.locator("form.alert-offer")
    form.locator("input[type=email]").fill("lea@example.org")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{page.base_url}/alertes/demandee/")
    assert SearchAlert.objects.filter(email="lea@example.org", language="fr").exists()


def test_too_many_requests_keep_the_typed_address(page, gironde):
    from localiste.alerts.views import PER_IP
    from localiste.metrics.limits import address_key, rate_limit_consume

    limit, window = PER_IP
    for _request in range(limit):  # this connection asked for many alerts already
        rate_limit_consume(
            scope="alert-ip", key=address_key("127.0.0.1"), limit=limit, window_seconds=window
        )
    page.goto(f"{page.base_url}/en/recherche/?lieu=M%C3%A9rignac")
    form = page.locator("form.alert-offer")
    form.get_by_label("Your email").fill("ana@example.org")
    form.get_by_role("button", name="Tell me about new makers").click()
    expect(page.get_by_role("alert").filter(has_text="try again in an hour")).to_be_visible()
    expect(page.locator("form.alert-offer").get_by_label("Your email")).to_have_value(
        "ana@example.org"
    )
    assert not SearchAlert.objects.exists()
