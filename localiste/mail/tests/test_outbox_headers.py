"""Mail sent in numbers gets the outbox's generic unsubscribe headers, unless its sender gave
its own (an alert's link deletes that alert): the sender's own win."""

import pytest
from django.core.mail import EmailMessage

from localiste.mail.outbox import outbox_headers

pytestmark = pytest.mark.django_db
SITE = "https://makers.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def bulk(**headers) -> EmailMessage:
    return EmailMessage(
        "News",
        "Hello",
        to=["ana@example.org"],
        headers={**outbox_headers(reference="tests:1", bulk=True), **headers},
    )


def test_bulk_mail_gets_the_generic_unsubscribe_link(sent_mail):
    bulk().send()
    (message,) = sent_mail()
    assert f"<{SITE}/" in message.extra_headers["List-Unsubscribe"]
    assert "/alertes/" not in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_senders_own_unsubscribe_link_wins_over_the_generic_one(sent_mail):
    own = f"<{SITE}/alertes/desabonner/abc/>"
    bulk(**{"List-Unsubscribe": own, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}).send()
    (message,) = sent_mail()
    assert message.extra_headers["List-Unsubscribe"] == own
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_sender_cannot_replace_the_stored_from_address(sent_mail, settings):
    bulk(From="someone-else@example.net").send()
    (message,) = sent_mail()
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.extra_headers["From"] == message.from_email
