"""A visitor reports a listing from its page, and a maker confirms its listing from the
freshness mail's link, on a phone and on a desktop, each page checked by axe-core.

No account, no JavaScript needed: the link leads to a plain form, a wrong submission says what
to fix, a right one thanks the visitor, and the listing stays online.
"""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from localiste.makers.models import Maker, Report

pytestmark = pytest.mark.django_db(transaction=True)
LANGUAGES = {"fr": "", "en": "/en"}


@pytest.fixture
def maker(restore_reference_data):
    from localiste.catalog.models import Category
    from localiste.makers.tests.factories import MakerFactory

    return MakerFactory(
        name="Atelier Brumaire",
        primary_category=Category.objects.filter(parent__isnull=False).first(),
        email="brumaire@example.org",
    )


def assert_accessible(axe, page):
    assert serious_violations(axe, page) == [], page.url


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_visitor_reports_a_listing_from_its_page(page, axe, maker, language):
    prefix = LANGUAGES[language]
    page.goto(f"{page.base_url}{prefix}/fabricants/{maker.slug}/")
    expect(page.get_by_text(re.compile(r"Updated on|Mise à jour le"))).to_be_visible()
    link = page.locator(f'a[href="{prefix}/fabricants/{maker.slug}/signaler/"]')
    expect(link).to_be_visible()
    link.click()

    expect(page).to_have_url(re.compile(rf"{prefix}/fabricants/{maker.slug}/signaler/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_contain_text(maker.name)
    assert_accessible(axe, page)

    # Sent without a reason: the page says what is missing, and keeps what was typed.
    page.locator("#id_message").fill("La boutique est fermée depuis le printemps.")
    page.locator("form.report-form button[type=submit]").click()
    expect(page.locator(".field__error").first).to_be_visible()
    expect(page.locator("#id_message")).to_have_value("La boutique est fermée depuis le printemps.")
    assert_accessible(axe, page)
    assert not Report.objects.exists()

    if language == "en":
        page.get_by_label("The workshop has closed").check()
    else:
        page.locator('input[name="reason"][value="closed"]').check()
    page.locator("#id_email").fill("voisine@example.org")
    page.locator("form.report-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/signaler/merci/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(axe, page)
    report = Report.objects.get()
    assert (report.reason, report.email, report.language) == (
        "closed",
        "voisine@example.org",
        language,
    )

    # The listing is still there for everyone.
    page.get_by_role("link", name=re.compile(re.escape(maker.name))).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(maker.name)
    assert Maker.objects.get(pk=maker.pk).status == Maker.Status.PUBLISHED
    assert page.js_errors == []


def test_reporting_works_without_javascript(page_without_javascript, maker):
    page = page_without_javascript
    page.goto(f"{page.base_url}/fabricants/{maker.slug}/")
    page.locator(f'a[href="/fabricants/{maker.slug}/signaler/"]').click()
    page.locator('input[name="reason"][value="wrong_info"]').check()
    page.locator("form.report-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/signaler/merci/$"))
    assert Report.objects.get().reason == "wrong_info"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_maker_confirms_its_listing_from_the_mail_link(page, axe, maker, language):
    from localiste.makers.services.freshness import freshness_token

    prefix = LANGUAGES[language]
    page.goto(f"{page.base_url}{prefix}/fiche-a-jour/{freshness_token(maker)}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(maker.name)
    assert_accessible(axe, page)
    assert Maker.objects.get(pk=maker.pk).confirmed_at is None  # opening the link is not enough

    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/fiche-a-jour/[^/]+/merci/$"))
    expect(page.locator(f'main a[href="{prefix}/espace/{maker.slug}/"]')).to_be_visible()
    assert_accessible(axe, page)
    assert Maker.objects.get(pk=maker.pk).confirmed_at is not None
    assert page.js_errors == []
