"""Visitors report a listing; operators dismiss the report, or suspend and restore the listing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from localiste.makers.audit import audit_entries
from localiste.makers.models import Maker, Membership, Report
from localiste.makers.services import reports
from localiste.makers.services.reports import (
    maker_restore,
    maker_suspend,
    report_act,
    report_dismiss,
    report_submit,
)
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://makers.example.org"


@pytest.fixture
def maker():
    return MakerFactory(name="Atelier Brumaire", email="brumaire@example.org")


def report_url(maker, prefix=""):
    return f"{prefix}/fabricants/{maker.slug}/signaler/"


def found_by_search(client, maker) -> bool:
    """Whether the public search for the maker's name lists its page."""
    page = client.get("/recherche/", {"q": "Brumaire"})
    assert page.status_code == 200
    return f'href="/fabricants/{maker.slug}/"' in page.content.decode()


def test_every_maker_page_links_to_the_report_form(client, maker):
    html = client.get(maker.get_absolute_url()).content.decode()
    assert f'href="{report_url(maker)}"' in html
    english = client.get(f"/en/fabricants/{maker.slug}/").content.decode()
    assert f'href="{report_url(maker, "/en")}"' in english and "Report this listing" in english


def test_the_report_form_has_a_labelled_field_for_each_part(client, maker):
    html = client.get(report_url(maker, "/en")).content.decode()
    assert "<legend" in html and "What is wrong with this listing?" in html
    for value, _label in Report.Reason.choices:
        assert f'value="{value}"' in html
    for name in ("message", "email"):
        assert f'<label class="field__label" for="id_{name}">' in html
    assert 'name="robots" content="noindex"' in html


def test_a_visitor_reports_a_listing_that_stays_public_and_searchable(client, maker):
    assert found_by_search(client, maker)
    response = client.post(
        report_url(maker),
        {
            "reason": "closed",
            "message": "L'atelier a fermé en mars, la vitrine est vide.",
            "email": "voisine@example.org",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/fabricants/{maker.slug}/signaler/merci/"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and maker.name in thanks.content.decode()

    report = Report.objects.get()
    assert (report.maker, report.reason, report.status) == (maker, "closed", Report.Status.OPEN)
    assert report.email == "voisine@example.org" and report.language == "fr"
    assert "vitrine" in report.message
    # A report alone hides nothing.
    maker.refresh_from_db()
    assert maker.status == Maker.Status.PUBLISHED
    assert client.get(maker.get_absolute_url()).status_code == 200
    assert found_by_search(client, maker)


def test_a_report_in_english_keeps_its_language_and_needs_no_email(client, maker):
    response = client.post(report_url(maker, "/en"), {"reason": "wrong_info", "message": ""})
    assert response["Location"] == f"/en/fabricants/{maker.slug}/signaler/merci/"
    report = Report.objects.get()
    assert (report.language, report.email, report.reason) == ("en", "", "wrong_info")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"message": "Rien ne va."}, "Choose what is wrong."),
        ({"reason": "nonsense"}, "Select a valid choice."),
        ({"reason": "other", "message": "   "}, "Say in a few words what is wrong."),
        ({"reason": "closed", "email": "not-an-address"}, "Enter a valid email address."),
        ({"reason": "closed", "message": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, maker, data, message):
    response = client.post(report_url(maker, "/en"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if data.get("message", "").strip():
        assert data["message"][:50] in html  # what they typed is still there
    assert not Report.objects.exists()


def test_only_published_listings_can_be_reported(client):
    draft = MakerFactory(status=Maker.Status.DRAFT)
    assert client.get(report_url(draft)).status_code == 404
    assert client.post(report_url(draft), {"reason": "closed"}).status_code == 404
    assert client.get("/fabricants/nobody/signaler/").status_code == 404
    assert not Report.objects.exists()


def test_a_robot_filling_the_trap_is_thanked_and_nothing_is_stored(client, maker):
    response = client.post(
        report_url(maker), {"reason": "offensive", "website": "https://spam.example"}
    )
    assert response.status_code == 302 and response["Location"].endswith("/signaler/merci/")
    assert not Report.objects.exists()


def test_one_address_may_send_a_few_reports_then_waits(client, maker):
    limit, _window = reports.REPORTS_PER_ADDRESS
    other = MakerFactory(name="Atelier Nivôse")
    for number in range(limit):
        target = maker if number % 2 else other
        assert client.post(report_url(target), {"reason": "closed"}).status_code == 302
    response = client.post(
        report_url(maker, "/en"), {"reason": "other", "message": "Encore un souci de prix."}
    )
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "You have sent several reports in a short time" in html
    assert "Encore un souci de prix." in html  # the form keeps what they wrote
    assert Report.objects.count() == limit
    # Another visitor is not held back.
    response = client.post(report_url(maker), {"reason": "closed"}, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 302


def test_addresses_of_one_ipv6_network_count_as_one_visitor(client, maker):
    limit, _window = reports.REPORTS_PER_ADDRESS
    for number in range(limit):  # a new address of the same /64 each time
        address = f"2001:db8:1:2::{number + 1:x}"
        response = client.post(report_url(maker), {"reason": "closed"}, REMOTE_ADDR=address)
        assert response.status_code == 302
    again = client.post(report_url(maker), {"reason": "closed"}, REMOTE_ADDR="2001:db8:1:2::ff")
    assert again.status_code == 429
    elsewhere = client.post(report_url(maker), {"reason": "closed"}, REMOTE_ADDR="2001:db8:9::1")
    assert elsewhere.status_code == 302


def test_one_listing_receives_a_bounded_number_of_reports(client, maker, monkeypatch):
    monkeypatch.setattr(reports, "REPORTS_PER_LISTING", (3, 3600))
    for number in range(3):
        address = f"198.51.100.{number + 1}"
        response = client.post(report_url(maker), {"reason": "closed"}, REMOTE_ADDR=address)
        assert response.status_code == 302
    response = client.post(
        report_url(maker, "/en"), {"reason": "closed"}, REMOTE_ADDR="198.51.100.99"
    )
    assert response.status_code == 429
    assert "already been reported many times today" in response.content.decode()
    assert Report.objects.count() == 3
    # The refused report did not use up the visitor's own allowance.
    response = client.post(
        report_url(MakerFactory()), {"reason": "closed"}, REMOTE_ADDR="198.51.100.99"
    )
    assert response.status_code == 302


def test_a_get_of_the_report_page_counts_nothing(client, maker):
    limit, _window = reports.REPORTS_PER_ADDRESS
    for _ in range(limit + 2):
        assert client.get(report_url(maker)).status_code == 200
    assert client.post(report_url(maker), {"reason": "closed"}).status_code == 302


def test_operators_dismiss_or_act_on_a_report_once(maker, operator):
    first = report_submit(maker=maker, reason="duplicate", visitor_address="192.0.2.1")
    second = report_submit(maker=maker, reason="food", visitor_address="192.0.2.2")

    dismissed = report_dismiss(report=first, operator=operator, note="Pas un doublon.")
    acted = report_act(report=second, operator=operator, note="Produits retirés.")

    assert (dismissed.status, dismissed.decided_by, dismissed.decision_note) == (
        Report.Status.DISMISSED,
        operator,
        "Pas un doublon.",
    )
    assert acted.status == Report.Status.ACTED and acted.decided_at is not None
    with translation.override("en"), pytest.raises(ValidationError, match="already been decided"):
        report_dismiss(report=second, operator=operator, note="")
    assert Report.objects.get(pk=second.pk).status == Report.Status.ACTED
    decided = {
        entry.additional_data["action"]: entry.additional_data.get("reason")
        for entry in audit_entries(maker)
    }
    assert decided["report.dismiss"] == "Pas un doublon."
    assert decided["report.act"] == "Produits retirés."


def test_suspending_hides_the_listing_and_tells_the_maker_why(client, maker, operator, sent_mail):
    report_submit(maker=maker, reason="not_made_here", visitor_address="192.0.2.1")
    assert found_by_search(client, maker)

    maker = maker_suspend(
        maker=maker, operator=operator, reason="Les sacs viennent d'un grossiste."
    )

    assert maker.status == Maker.Status.SUSPENDED
    assert maker.review_note == "Les sacs viennent d'un grossiste."
    assert client.get(maker.get_absolute_url()).status_code == 404
    assert client.get(report_url(maker)).status_code == 404
    assert not found_by_search(client, maker)
    (mail,) = sent_mail()
    assert mail.to == ["brumaire@example.org"]
    assert "Les sacs viennent d'un grossiste." in mail.body
    assert f"https://makers.example.org/espace/{maker.slug}/" in mail.body

    maker = maker_restore(maker=maker, operator=operator, reason="Fabrication vérifiée sur place.")

    assert maker.status == Maker.Status.PUBLISHED and maker.review_note == ""
    assert client.get(maker.get_absolute_url()).status_code == 200
    assert found_by_search(client, maker)
    restored = sent_mail()[-1]
    assert "Fabrication vérifiée sur place." in restored.body
    assert f"https://makers.example.org/fabricants/{maker.slug}/" in restored.body
    # Both reasons are kept in the listing's history, with the operator who gave them.
    history = [
        (entry.additional_data["action"], entry.additional_data.get("reason"), entry.actor)
        for entry in audit_entries(maker)
        if entry.additional_data["action"] in {"maker.suspend", "maker.restore"}
    ]
    assert history == [
        ("maker.restore", "Fabrication vérifiée sur place.", operator),
        ("maker.suspend", "Les sacs viennent d'un grossiste.", operator),
    ]


def test_the_suspension_mail_is_in_the_makers_language(maker, operator, sent_mail):
    Maker.objects.filter(pk=maker.pk).update(language="en", email="")
    owner = operator.__class__.objects.create_user("jo@example.org", "jo@example.org")
    Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
    maker.refresh_from_db()

    maker_suspend(maker=maker, operator=operator, reason="Closed since March.")

    (mail,) = sent_mail()
    # No contact address on the listing: its team is written to, in the team's language.
    assert mail.to == ["jo@example.org"]
    assert mail.subject == "Your listing “Atelier Brumaire” is suspended"
    assert "Their reason:" in mail.body and "Closed since March." in mail.body
    assert "/en/espace/" in mail.body


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_suspend_and_restore_need_a_reason_and_the_right_status(
    maker, operator, sent_mail, english
):
    with pytest.raises(ValidationError, match="Give a reason"):
        maker_suspend(maker=maker, operator=operator, reason="  ")
    with pytest.raises(ValidationError, match="Only a suspended listing"):
        maker_restore(maker=maker, operator=operator, reason="Rien à restaurer.")
    draft = MakerFactory(status=Maker.Status.PENDING)
    with pytest.raises(ValidationError, match="Only a published listing"):
        maker_suspend(maker=draft, operator=operator, reason="En attente.")
    maker.refresh_from_db()
    draft.refresh_from_db()
    assert (maker.status, draft.status) == (Maker.Status.PUBLISHED, Maker.Status.PENDING)
    assert sent_mail() == []


def test_a_suspended_listing_cannot_be_reported(maker, operator, english):
    maker = maker_suspend(maker=maker, operator=operator, reason="Fermé.")
    with pytest.raises(ValidationError, match="not public"):
        report_submit(maker=maker, reason="closed", visitor_address="192.0.2.1")
