"""A partner's page on another origin reads the public API with fetch(); it cannot write."""

import pytest

from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def potter(restore_reference_data):
    return MakerFactory(name="Poterie de Bègles", tagline="Grès tourné à la main")


@pytest.fixture
def partner_page(other_origin):
    """The URL of an empty page served from another origin (127.0.0.1, another port)."""
    return other_origin("<h1>Nos artisans</h1>")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_another_origin_reads_the_search_but_cannot_post(page, potter, partner_page):
    page.goto(partner_page)
    api = f"{page.base_url}/api/v1/search?q=poterie"
    assert page.evaluate("location.origin") != page.base_url
    names = page.evaluate(
        "async url => (await (await fetch(url)).json()).results.map(hit => hit.name)", api
    )
    assert "Poterie de Bègles" in names
    # A simple POST reaches the server but the browser hides the answer; a JSON POST is
    # stopped at its preflight. Either way, fetch() rejects.
    for options in (
        "{method: 'POST'}",
        "{method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'}",
    ):
        outcome = page.evaluate(
            f"url => fetch(url, {options}).then(r => 'read ' + r.status, e => e.name)", api
        )
        assert outcome == "TypeError", options
