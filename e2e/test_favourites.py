"""Favourites in a real browser: the heart on a search result with JavaScript (no reload), the
same button as a plain form without it, and the favourites page checked by axe-core."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def maker(restore_reference_data):
    MakerFactory(name="Atelier Voisin", tagline="Tabourets en chêne")
    return MakerFactory(name="Atelier Sellier", tagline="Sacs en cuir cousus main")


def test_the_heart_on_a_search_result_keeps_the_maker(page, maker):
    page.goto(f"{page.base_url}/recherche/?q=sellier")
    card = page.locator(f'.result-card[data-maker="{maker.slug}"]')
    heart = card.locator(".favourite__button")
    expect(heart).to_have_attribute("aria-pressed", "false")
    url = page.url
    page.evaluate("window.sameDocument = true")
    heart.click()
    expect(heart).to_have_attribute("aria-pressed", "true")
    # No reload, and no trip to the maker page behind the card's stretched link.
    assert page.url == url
    assert page.evaluate("window.sameDocument") is True
    expect(page.get_by_role("status").filter(has_text="Atelier Sellier")).to_have_count(1)

    page.goto(f"{page.base_url}/favoris/")
    expect(page.locator(".maker-card__name")).to_have_text(["Atelier Sellier"])
    # Back on the results, the heart shows the maker is kept (read from the cookie).
    page.goto(f"{page.base_url}/recherche/?q=sellier")
    expect(heart).to_have_attribute("aria-pressed", "true")
    heart.press("Enter")  # the keyboard works too: the maker is taken out
    expect(heart).to_have_attribute("aria-pressed", "false")
    page.goto(f"{page.base_url}/favoris/")
    expect(page.locator(".maker-card")).to_have_count(0)
    assert page.js_errors == []


def test_without_javascript_the_button_is_a_form(page_without_javascript, maker):
    page = page_without_javascript
    page.goto(f"{page.base_url}{maker.get_absolute_url()}")
    page.locator(".favourite--hero .favourite__button").click()
    # Back where the visitor was: on the button, not at the top of the page.
    expect(page).to_have_url(
        re.compile(re.escape(f"{maker.get_absolute_url()}#favourite-{maker.slug}") + "$")
    )
    expect(page.locator(f"#favourite-{maker.slug}")).to_be_in_viewport()
    expect(page.locator(".flash")).to_contain_text("Atelier Sellier")
    expect(page.locator("form.favourite--hero")).to_have_attribute(
        "action", f"/favoris/retirer/{maker.slug}/"
    )
    page.goto(f"{page.base_url}/favoris/")
    expect(page.locator(".maker-card__name")).to_have_text(["Atelier Sellier"])
    page.locator(".favourites-grid .favourite__button").click()
    expect(page).to_have_url(re.compile(r"/favoris/(#favourite-[-a-z0-9]+)?$"))
    expect(page.locator(".maker-card")).to_have_count(0)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_favourites_pages_are_accessible(page, axe, maker, language):
    prefix = "" if language == "fr" else "/en"
    page.goto(f"{page.base_url}{prefix}/favoris/")
    assert serious_violations(axe, page) == []
    page.goto(f"{page.base_url}{prefix}{maker.get_absolute_url().removeprefix('/en')}")
    page.locator(".favourite--hero .favourite__button").click()
    expect(page.locator(".favourite--hero .favourite__button")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert serious_violations(axe, page) == []
    page.goto(f"{page.base_url}{prefix}/favoris/")
    expect(page.locator(".maker-card")).to_have_count(1)
    assert serious_violations(axe, page) == []
    page.locator(".favourites__share a").click()
    expect(page.locator(".maker-card")).to_have_count(1)
    assert serious_violations(axe, page) == []
    assert page.js_errors == []


def test_back_to_the_results_shows_the_heart_from_the_cookie(page, maker):
    results = f"{page.base_url}/recherche/?q=sellier"
    # The results as first served, before the maker was kept: what a cache would give back.
    stale = page.goto(results).text()
    card = page.locator(f'.result-card[data-maker="{maker.slug}"]')
    heart = card.locator(".favourite__button")
    heart.click()
    expect(heart).to_have_attribute("aria-pressed", "true")
    card.locator(".maker-card__name a").click()
    expect(page).to_have_url(re.compile(re.escape(maker.get_absolute_url())))

    served_stale = []

    def from_cache(route):
        served_stale.append(route.request.url)
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=stale)

    page.route(re.compile(r"/recherche/\?q=sellier$"), from_cache)
    page.go_back()
    expect(page).to_have_url(results)
    # The page says "not kept"; only the script, reading the cookie, can show it pressed.
    assert 'data-kept="false"' in stale.split(f'data-favourite="{maker.slug}"')[1]
    expect(heart).to_have_attribute("aria-pressed", "true")
    assert served_stale  # the stale copy was shown, not a page kept alive in memory
    assert page.js_errors == []


def test_a_tampered_cookie_does_not_stop_the_hearts(page, maker):
    page.context.add_cookies([{"name": "favoris", "value": "%E0%A4%A.x", "url": page.base_url}])
    page.goto(f"{page.base_url}/recherche/?q=sellier")
    heart = page.locator(f'.result-card[data-maker="{maker.slug}"] .favourite__button')
    expect(heart).to_have_attribute("aria-pressed", "false")
    heart.click()
    expect(heart).to_have_attribute("aria-pressed", "true")
    assert page.js_errors == []


def test_back_to_the_results_shows_a_signed_in_visitors_heart(page, maker):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.create_user(username="cliente", password="x"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": page.base_url}]
    )
    results = f"{page.base_url}/recherche/?q=sellier"
    stale = page.goto(results).text()
    card = page.locator(f'.result-card[data-maker="{maker.slug}"]')
    heart = card.locator(".favourite__button")
    heart.click()
    expect(heart).to_have_attribute("aria-pressed", "true")
    card.locator(".maker-card__name a").click()
    expect(page).to_have_url(re.compile(re.escape(maker.get_absolute_url())))
    page.route(
        re.compile(r"/recherche/\?q=sellier$"),
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=stale
        ),
    )
    page.go_back()
    # The stale copy says "not kept": the script asks the account for the truth.
    expect(heart).to_have_attribute("aria-pressed", "true")
    assert page.js_errors == []
