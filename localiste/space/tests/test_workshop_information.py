"""Visiting the workshop, in the practical step: appointment, access, languages, payment."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.makers.models import Maker, Membership
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(lucie, category):
    maker = MakerFactory(name="Atelier Lucie", primary_category=category)
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    return maker


def practical_url(maker: Maker, language: str = "fr") -> str:
    with translation.override(language):
        return reverse("space:practical", kwargs={"slug": maker.slug})


def history_url(maker: Maker, language: str = "fr") -> str:
    with translation.override(language):
        return reverse("space:history", kwargs={"slug": maker.slug})


def practical_form(maker: Maker, **changes) -> dict:
    data = {
        "version": maker.version,
        "email": "atelier@example.org",
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
        "sales-TOTAL_FORMS": "0",
        "sales-INITIAL_FORMS": "0",
    }
    return data | changes


def checked(html: str, name: str) -> set[str]:
    """The values of the ticked boxes (or chosen radio) named `name` in `html`."""
    inputs = re.findall(rf'<input type="(?:checkbox|radio)" name="{name}"[^>]*>', html)
    return {re.search(r'value="([^"]*)"', tag).group(1) for tag in inputs if " checked" in tag}


def ticked(html: str, name: str) -> bool:
    """Whether the single checkbox `name` is ticked in `html`."""
    tag = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html)
    return tag is not None and " checked" in tag.group(0)


def test_the_step_offers_labelled_choices_in_english(lucie_client, listing):
    html = lucie_client.get(practical_url(listing, "en")).content.decode()
    assert "<legend>Visiting the workshop</legend>" in html
    assert (
        '<label for="id_offers_visits_by_appointment"' in html and "Visits by appointment" in html
    )
    # Each list of choices is a fieldset whose legend names it, each box with its label.
    for legend in ("Wheelchair access", "Languages spoken", "Payment methods accepted"):
        assert re.search(rf"<legend>\s*{legend}", html), legend
    assert re.search(r'<label for="id_payment_methods_\d+"><input type="checkbox"', html)
    for label in ("Cash", "Cheque", "Bank card", "Step-free access", "English", "Spanish"):
        assert f" {label}</label>" in html, label
    assert '<label for="id_workshop_access_note"' in html
    assert checked(html, "workshop_access") == {"unknown"}  # "not stated" until said


def test_the_french_step_names_the_languages_in_french(lucie_client, listing):
    html = lucie_client.get(practical_url(listing)).content.decode()
    for name in ("Français", "Anglais", "Espagnol", "Allemand", "Basque", "Catalan"):
        assert f" {name}</label>" in html, name
    assert " English</label>" not in html


def test_the_team_saves_how_to_visit_and_the_step_shows_it_again(lucie_client, listing):
    version = listing.version
    data = practical_form(
        listing,
        offers_visits_by_appointment="on",
        workshop_access="partly",
        workshop_access_note="Une marche de 10 cm à l'entrée",
        # Posted in any order, kept in the order of the choices.
        languages_spoken=["es", "fr", "en"],
        payment_methods=["card", "cash"],
    )
    response = lucie_client.post(practical_url(listing, "en"), data)
    assert response.status_code == 302

    listing.refresh_from_db()
    assert listing.offers_visits_by_appointment
    assert listing.workshop_access == "partly"
    assert listing.workshop_access_note == "Une marche de 10 cm à l'entrée"
    assert listing.languages_spoken == ["fr", "en", "es"]
    assert listing.payment_methods == ["cash", "card"]
    assert listing.version == version + 1

    html = lucie_client.get(practical_url(listing, "en")).content.decode()
    assert checked(html, "languages_spoken") == {"fr", "en", "es"}
    assert checked(html, "payment_methods") == {"cash", "card"}
    assert checked(html, "workshop_access") == {"partly"}
    assert ticked(html, "offers_visits_by_appointment")

    # Unticking everything empties the lists.
    response = lucie_client.post(practical_url(listing), practical_form(listing))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.languages_spoken == [] and listing.payment_methods == []
    assert not listing.offers_visits_by_appointment
    assert listing.workshop_access == "unknown"  # a form posted without it keeps "not stated"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("payment_methods", ["cash", "bitcoin"]),
        ("languages_spoken", ["fr", "xx"]),
        ("workshop_access", "sometimes"),
        ("workshop_access_note", "x" * 201),
    ],
)
def test_a_value_off_the_list_is_refused_on_its_field(lucie_client, listing, field, value):
    response = lucie_client.post(
        practical_url(listing, "en"), practical_form(listing, **{field: value})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "Select a valid choice." in html or "at most 200 characters" in html
    listing.refresh_from_db()
    assert listing.payment_methods == [] and listing.languages_spoken == []
    assert listing.workshop_access == "unknown" and listing.workshop_access_note == ""


def test_a_concurrent_save_shows_both_lists_by_their_names(lucie_client, listing):
    version = listing.version
    first = practical_form(listing, payment_methods=["cash"])
    assert lucie_client.post(practical_url(listing, "en"), first).status_code == 302
    second = practical_form(listing, payment_methods=["card", "bank_transfer"])
    second["version"] = version  # opened before the first save
    response = lucie_client.post(practical_url(listing, "en"), second)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="conflict__table"' in html
    assert "Bank card, Bank transfer" in html and "Cash" in html
    listing.refresh_from_db()
    assert listing.payment_methods == ["cash"]


def test_the_history_shows_the_changes_by_their_names(lucie_client, listing):
    data = practical_form(
        listing,
        payment_methods=["cheque"],
        languages_spoken=["fr", "en"],
        workshop_access="step_free",
    )
    assert lucie_client.post(practical_url(listing), data).status_code == 302
    html = lucie_client.get(history_url(listing, "en")).content.decode()
    assert "payment methods" in html.lower() and "cheque" in html
    assert "languages spoken" in html.lower() and "French, English" in html
    assert "step-free access" in html
    french = lucie_client.get(history_url(listing)).content.decode()
    assert "Français, Anglais" in french


def test_visits_by_appointment_are_workshop_visits_that_a_search_finds(
    client, lucie_client, listing
):
    assert not listing.offers_workshop_visits
    html = lucie_client.get(practical_url(listing, "en")).content.decode()
    assert "Your listing then offers workshop visits too." in html

    # Only "by appointment" ticked: the listing offers workshop visits.
    data = practical_form(listing, offers_visits_by_appointment="on")
    assert lucie_client.post(practical_url(listing, "en"), data).status_code == 302

    listing.refresh_from_db()
    assert listing.offers_visits_by_appointment and listing.offers_workshop_visits
    html = lucie_client.get(practical_url(listing, "en")).content.decode()
    assert ticked(html, "offers_workshop_visits")
    results = client.get("/api/v1/search", {"services": "workshop_visits"}).json()["results"]
    assert [hit["name"] for hit in results] == ["Atelier Lucie"]
    detail = client.get(f"/api/v1/makers/{listing.slug}").json()
    assert detail["services"] == ["workshop_visits", "by_appointment"]
