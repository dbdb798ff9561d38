"""Operators hear of what waits: each submission at once (or in the digest), and a daily
digest at a set hour. The mail is read at a real SMTP server."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from localiste.core.schedule import jobs_registered
from localiste.mail.outbox import outbox_deliver_due
from localiste.mail.tests.conftest import smtp  # noqa: F401 (the fixture)
from localiste.makers.models import Maker, Report
from localiste.moderation.digests import digest_send
from localiste.moderation.models import OperatorDigest
from localiste.moderation.tasks import operators_digest_task
from localiste.moderation.tests.conftest import submit

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def received(server) -> dict[str, tuple[str, str]]:
    """{address: (subject, plain body)} of what the SMTP server got, once delivered."""
    outbox_deliver_due()
    mails = {}
    for message in server.inbox.messages:
        body = message.get_body(preferencelist=("plain",)).get_content()
        mails[message["To"]] = (str(message["Subject"]).replace("\n", " "), body)
    server.inbox.messages.clear()
    return mails


@pytest.fixture
def operators(django_user_model, second_operator, moderator):
    """A site operator (staff), a second one, and the Gironde's moderator."""
    return django_user_model.objects.create_user("paul", "paul@example.org", is_staff=True)


@pytest.fixture
def sent_back(listing_in, gironde):
    """A Gironde listing its team can submit."""
    return listing_in(gironde, status=Maker.Status.NEEDS_CHANGES, name="Atelier Céladon")


def test_a_submission_is_mailed_to_every_operator_at_once(
    smtp,  # noqa: F811
    operators,
    sent_back,
    settings,
    listing_in,
    landes,
):
    settings.SITE_URL = "https://makers.example.org"
    submit(sent_back, sent_back.memberships.get().user)

    mails = received(smtp)
    assert set(mails) == {"paul@example.org", "marie@example.org", "moderatrice@example.org"}
    subject, body = mails["paul@example.org"]
    assert "Atelier Céladon" in subject
    assert f"https://makers.example.org/moderation/fiches/{sent_back.pk}/" in body

    # A listing of the Landes: the Gironde's moderator is not told.
    other = listing_in(landes, status=Maker.Status.DRAFT)
    submit(other, other.memberships.get().user)
    assert set(received(smtp)) == {"paul@example.org", "marie@example.org"}


def test_in_digest_mode_submissions_wait_for_the_digest(
    smtp,  # noqa: F811
    operators,
    sent_back,
    settings,
):
    settings.MODERATION_SUBMISSION_MAIL = "digest"
    settings.MODERATION_DIGEST_HOUR = 8
    submit(sent_back, sent_back.memberships.get().user)
    assert received(smtp) == {}

    digest_send(now=datetime.datetime(2030, 3, 4, 8, 5, tzinfo=PARIS))
    subject, body = received(smtp)["paul@example.org"]
    assert "1" in subject
    assert "Atelier Céladon" in body  # listed as submitted since the last digest


def test_the_digest_goes_once_a_day_from_its_hour(
    smtp,  # noqa: F811
    operators,
    listing_in,
    gironde,
    landes,
    settings,
):
    settings.MODERATION_DIGEST_HOUR = 8
    settings.SITE_URL = "https://makers.example.org"
    listing_in(gironde)
    published = listing_in(landes, status=Maker.Status.PUBLISHED)
    Report.objects.create(maker=published, reason=Report.Reason.CLOSED)
    morning = datetime.datetime(2030, 3, 4, 7, 59, tzinfo=PARIS)

    assert digest_send(now=morning).skipped == "too early"
    assert received(smtp) == {}
    run = digest_send(now=morning + datetime.timedelta(minutes=2))
    assert run.sent == 3
    mails = received(smtp)
    subject, body = mails["paul@example.org"]
    assert "2" in subject  # the whole queue: a new listing and a report
    assert "https://makers.example.org/moderation/" in body
    # The Gironde's moderator hears of the Gironde only.
    subject, body = mails["moderatrice@example.org"]
    assert "1" in subject and "2" not in subject

    assert digest_send(now=morning + datetime.timedelta(hours=5)).skipped == "already sent"
    assert received(smtp) == {}
    assert digest_send(now=morning + datetime.timedelta(days=1, minutes=2)).sent == 3
    assert OperatorDigest.objects.count() == 2


def test_no_digest_when_nothing_waits(smtp, operators, settings):  # noqa: F811
    settings.MODERATION_DIGEST_HOUR = 0
    assert digest_send(now=timezone.now()).skipped == "nothing waits"
    assert received(smtp) == {}


def test_the_digest_is_a_scheduled_job(settings, operators, listing_in, gironde, sent_mail):
    assert "moderation.operators_digest" in {job.name for job in jobs_registered()}
    settings.MODERATION_DIGEST_HOUR = 0
    listing_in(gironde)
    result = operators_digest_task.enqueue()  # run at once by the tests' task backend
    assert result.return_value["sent"] == 3
    assert {address for mail in sent_mail() for address in mail.to} >= {"paul@example.org"}


def test_the_digest_is_in_the_sites_language(smtp, operators, listing_in, gironde, settings):  # noqa: F811
    settings.MODERATION_DIGEST_HOUR = 0
    listing_in(gironde)
    digest_send(now=timezone.now())
    subject, body = received(smtp)["paul@example.org"]
    assert body.startswith("Bonjour")  # French, the site's language
