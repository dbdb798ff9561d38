"""Clicks on a maker's website and phone links are counted, with JavaScript (a beacon) and
without (the link's `ping`), the link still followed; the site's own page is answered by the
test, so nothing reaches the internet."""

import time

import pytest

from localiste.makers.tests.factories import MakerFactory
from localiste.metrics.models import DailyCount

pytestmark = pytest.mark.django_db(transaction=True)


def _count(kind: str, maker) -> int:
    return sum(
        DailyCount.objects.filter(kind=kind, object_id=maker.pk).values_list("count", flat=True)
    )


def _wait_for(kind: str, maker, expected: int) -> int:
    deadline = time.monotonic() + 10
    while _count(kind, maker) < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return _count(kind, maker)


def _maker_site(page):
    """Answer the maker's own site in the test; return the list of its visits."""
    visits = []

    def answer(route):
        visits.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Lucie</title><p>Lucie")

    page.route("https://lucie.example/**", answer)
    return visits


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_website_click_is_counted_with_javascript(page):
    maker = MakerFactory(website="https://lucie.example/", phone="05 56 00 00 00")
    visits = _maker_site(page)
    page.goto(f"{page.base_url}/en/fabricants/{maker.slug}/")
    # The page's own contact form sets the CSRF cookie; the click must add none.
    cookies_before = page.context.cookies()

    page.get_by_role("link", name="Website").click()
    page.wait_for_url("https://lucie.example/**")

    assert visits
    assert _wait_for("maker.contact.website", maker, 1) == 1
    assert _count("maker.contact.phone", maker) == 0
    assert page.context.cookies() == cookies_before
    assert page.js_errors == []


def test_a_website_click_is_counted_without_javascript(page_without_javascript):
    page = page_without_javascript
    maker = MakerFactory(website="https://lucie.example/")
    visits = _maker_site(page)
    page.goto(f"{page.base_url}/en/fabricants/{maker.slug}/")

    page.get_by_role("link", name="Website").click()
    page.wait_for_url("https://lucie.example/**")

    assert visits
    assert _wait_for("maker.contact.website", maker, 1) == 1
