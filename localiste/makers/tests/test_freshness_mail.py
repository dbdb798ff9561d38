"""The freshness mail and its reminder as a mail server receives them, in each maker's language.

The outbox delivers to a real SMTP server on 127.0.0.1 (aiosmtpd); the link read from the
received mail is then followed like the maker would.
"""

import datetime
import re

import pytest
from django.utils import timezone

from localiste.mail.outbox import outbox_deliver_due
from localiste.mail.tests.conftest import smtp  # noqa: F401 (the fixture)
from localiste.makers.models import Maker
from localiste.makers.services.freshness import freshness_mails_send
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db
SITE = "https://makers.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Localiste Gironde"
    settings.SITE_CONTACT_EMAIL = "contact@makers.example.org"
    settings.FRESHNESS_DAYS = 365
    settings.FRESHNESS_REMINDER_DAYS = 14


def listed(name: str, email: str, language: str) -> Maker:
    maker = MakerFactory(name=name, email=email)
    then = timezone.now() - datetime.timedelta(days=400)
    Maker.objects.filter(pk=maker.pk).update(
        published_at=then, created_at=then, updated_at=then, language=language
    )
    return Maker.objects.get(pk=maker.pk)


def received(smtp) -> dict:  # noqa: F811 (the fixture's name)
    """{recipient: (subject, plain text body, message)} of what the server received so far."""
    outbox_deliver_due()
    mails = {}
    for message in smtp.inbox.messages:
        body = message.get_body(preferencelist=("plain",)).get_content()
        # A long encoded subject is folded onto its next line: unfolded, it starts with a space.
        mails[message["To"]] = (message["Subject"].strip(), body, message)
    smtp.inbox.messages.clear()
    return mails


def words(text: str) -> str:
    """`text` with its spaces, no-break ones included (French: before ? and inside « »),
    made plain: what a reader sees."""
    return " ".join(text.split())


def link(body: str, pattern: str) -> str:
    return re.search(rf"{re.escape(SITE)}({pattern})", body).group(1)


def test_the_request_and_reminder_reach_each_maker_in_its_language(smtp, client):  # noqa: F811
    french = listed("Atelier Brumaire", "brumaire@example.org", "fr")
    english = listed("Thistle Workshop", "thistle@example.org", "en")
    start = timezone.now()

    assert freshness_mails_send(now=start).asked == 2
    mails = received(smtp)

    subject, body, message = mails["brumaire@example.org"]
    assert words(subject) == "Votre fiche « Atelier Brumaire » est-elle toujours à jour ?"
    assert "Une fois par an, nous demandons à chaque fabricant" in body
    assert "Si tout est juste, confirmez-le en un clic" in body
    assert f"{SITE}/fabricants/{french.slug}/" in body
    assert f"{SITE}/espace/{french.slug}/" in body
    french_confirm = link(body, r"/fiche-a-jour/\S+/")
    # Sent in numbers: one-click unsubscribe (RFC 8058).
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"<{SITE}/desabonnement/" in message["List-Unsubscribe"]

    subject, body, message = mails["thistle@example.org"]
    assert subject == "Is your listing “Thistle Workshop” still up to date?"
    assert "Once a year, we ask every maker listed on Localiste Gironde" in body
    assert f"{SITE}/en/fabricants/{english.slug}/" in body
    assert f"{SITE}/en/espace/{english.slug}/" in body
    english_confirm = link(body, r"/en/fiche-a-jour/\S+/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The English maker confirms from the mail; the French one stays silent.
    assert client.get(english_confirm).status_code == 200
    assert client.post(english_confirm).status_code == 302

    assert freshness_mails_send(now=start + datetime.timedelta(days=14)).reminded == 1
    mails = received(smtp)
    assert list(mails) == ["brumaire@example.org"]
    subject, body, _message = mails["brumaire@example.org"]
    assert words(subject) == "Rappel : votre fiche « Atelier Brumaire » est-elle toujours à jour ?"
    assert "Il y a 14 jours, nous vous avons demandé de vérifier la fiche" in body
    assert "Les fiches que personne ne confirme sont vérifiées" in body
    # The same listing's link (signed again, so its time stamp may differ by a second).
    reminder_confirm = link(body, r"/fiche-a-jour/\S+/")
    assert reminder_confirm.split(":")[0] == french_confirm.split(":")[0]
    assert client.get(reminder_confirm).status_code == 200


def test_an_english_reminder_reads_in_english(smtp):  # noqa: F811
    listed("Thistle Workshop", "thistle@example.org", "en")
    start = timezone.now()
    freshness_mails_send(now=start)
    received(smtp)
    freshness_mails_send(now=start + datetime.timedelta(days=14))

    subject, body, message = received(smtp)["thistle@example.org"]
    assert subject == "Reminder: is your listing “Thistle Workshop” still up to date?"
    assert "14 days ago we asked you to check the listing of “Thistle Workshop”" in body
    assert "Listings that nobody confirms are checked by our moderators" in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
