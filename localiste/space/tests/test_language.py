"""The language of mails to a listing's team: the space's when the listing starts, then theirs."""

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.makers.models import Maker
from localiste.makers.services.notices import maker_mail_send
from localiste.space.tests.conftest import ELIGIBLE

pytestmark = pytest.mark.django_db


def start_listing(client, prefix: str, category) -> Maker:
    answers = {"makes_own_work": "yes", "in_territory": "yes", "non_food": "yes"}
    assert client.post(f"{prefix}/espace/nouveau/", answers).status_code == 302
    response = client.post(
        f"{prefix}/espace/nouveau/identite/",
        {"name": "Atelier Lucie", "primary_category": category.pk},
    )
    assert response.status_code == 302
    return Maker.objects.get()


@pytest.mark.parametrize(("prefix", "language"), [("", "fr"), ("/en", "en")])
def test_a_listing_takes_the_language_of_the_space_it_was_started_in(
    lucie_client, category, prefix, language
):
    assert start_listing(lucie_client, prefix, category).language == language


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


def practical_url(maker: Maker, prefix: str = "") -> str:
    with translation.override("en" if prefix else "fr"):
        return reverse("space:practical", kwargs={"slug": maker.slug})


def test_the_team_chooses_the_language_of_its_mails_in_the_practical_step(lucie_client, draft):
    page = lucie_client.get(practical_url(draft, "/en")).content.decode()
    assert '<label for="id_language"' in page and "Language of our emails to you" in page
    assert '<option value="fr" selected>Français</option>' in page
    assert '<option value="en">English</option>' in page

    response = lucie_client.post(practical_url(draft), practical_form(draft, language="en"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.language == "en" and draft.email == "atelier@example.org"

    # A page posted without the field (an older form) keeps the saved language.
    response = lucie_client.post(practical_url(draft), practical_form(draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.language == "en"


def test_a_language_the_site_does_not_speak_is_refused(lucie_client, draft):
    response = lucie_client.post(practical_url(draft, "/en"), practical_form(draft, language="de"))
    assert "Select a valid choice." in response.content.decode()
    draft.refresh_from_db()
    assert draft.language == "fr"


def test_mails_to_the_team_are_written_in_its_language(draft, sent_mail, lucie, category):
    from localiste.makers import services

    english = services.maker_start(
        user=lucie, name="Thistle", primary_category=category, eligibility=ELIGIBLE, language="en"
    )
    unknown = services.maker_start(
        user=lucie, name="Distel", primary_category=category, eligibility=ELIGIBLE, language="de"
    )
    assert (draft.language, english.language, unknown.language) == ("fr", "en", "fr")
    for maker in (draft, english):
        maker_mail_send(maker=maker, template="makers/email/suspended", context={"reason": "Test."})
    french_mail, english_mail = sent_mail()
    assert english_mail.subject == "Your listing “Thistle” is suspended"
    assert english_mail.body.startswith("Hello,")
    with translation.override("fr"):
        hello = translation.gettext("Hello,")
    assert french_mail.body.startswith(hello) and hello != "Hello,"
