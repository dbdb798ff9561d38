"""A maker page with everything on it (workshop visit, photos, products, hours, contact
form) in Chromium: axe-core finds nothing serious, in French and English, phone and desktop."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from localiste.makers import services
from localiste.makers.models import Photo
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import (
    MakerFactory,
    OpeningPeriodFactory,
    ProductFactory,
    SalesPointFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def full_maker(restore_reference_data):
    maker = MakerFactory(
        name="Maroquinerie Lucie",
        email="lucie@example.org",
        phone="05 56 00 00 00",
        website="https://lucie.example",
        offers_workshop_visits=True,
        offers_visits_by_appointment=True,
        workshop_access="partly",
        workshop_access_note="Une marche de 10 cm à l'entrée",
        languages_spoken=["fr", "en", "es"],
        payment_methods=["cash", "cheque", "card"],
        hours_note="Fermé en août",
    )
    for kind, alt in ((Photo.Kind.COVER, "L'établi de Lucie"), (Photo.Kind.GALLERY, "Des sacs")):
        services.photo_add(
            maker=maker,
            editor=None,
            upload=uploads.upload(uploads.image_bytes()),
            kind=kind,
            alt_text=alt,
        )
    ProductFactory(maker=maker, name="Besace")
    OpeningPeriodFactory(maker=maker)
    SalesPointFactory(maker=maker)
    return maker


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_full_maker_page_is_accessible(page, axe, full_maker, prefix):
    page.goto(f"{page.base_url}{prefix}/fabricants/{full_maker.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "en" if prefix else "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maroquinerie Lucie")
    visit = page.locator("section[aria-labelledby=workshop-title]")
    expect(visit).to_be_visible()
    expect(visit.get_by_role("heading", level=2)).to_be_visible()
    expect(visit).to_contain_text("Spanish" if prefix else "Espagnol")
    expect(page.locator("#contact form")).to_be_attached()
    expect(page.locator("img[alt]").first).to_be_attached()
    assert serious_violations(axe, page) == [], page.url
    assert page.js_errors == []
