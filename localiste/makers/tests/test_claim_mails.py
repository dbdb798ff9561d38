"""Claim and invitation mails: sent within their transaction, and one claim mail a day."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation

from localiste.makers import services
from localiste.makers.models import Claim, Membership
from localiste.makers.services.claims import ClaimMailLimited
from localiste.makers.tests.factories import MakerFactory
from localiste.metrics.models import RateLimitWindow

pytestmark = pytest.mark.django_db
SITE = "http://testserver"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def people(django_user_model):
    def make(email):
        return django_user_model.objects.create_user(email, email)

    return make


@pytest.fixture
def imported():
    return MakerFactory(source_key="sirene:123", email="atelier@example.org")


def a_day_later():
    """The claim-mail window as it is once a day has passed."""
    RateLimitWindow.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))


def test_a_claim_mail_is_sent_inside_the_claims_transaction(imported, people, sent_mail):
    # No on-commit callback runs in this test: the mail must not wait for one.
    lucie = people("lucie@example.org")
    services.claim_start(maker=imported, user=lucie, message="", site_url=SITE)
    assert [message.to for message in sent_mail()] == [["atelier@example.org"]]


def test_an_invitation_mail_is_sent_inside_the_invitations_transaction(people, sent_mail):
    maker = MakerFactory()
    owner = people("owner@example.org")
    Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
    services.invitation_send(maker=maker, inviter=owner, email="paul@example.org", site_url=SITE)
    assert [message.to for message in sent_mail()] == [["paul@example.org"]]


def test_a_listing_gets_one_claim_mail_a_day_whoever_asks(imported, people, sent_mail):
    lucie, paul = people("lucie@example.org"), people("paul@example.org")
    services.claim_start(maker=imported, user=lucie, message="", site_url=SITE)

    with pytest.raises(ClaimMailLimited, match="less than a day ago.*in 24 hours"):
        services.claim_start(maker=imported, user=lucie, message="", site_url=SITE)
    with pytest.raises(ClaimMailLimited):
        services.claim_start(maker=imported, user=paul, message="Really mine", site_url=SITE)
    assert len(sent_mail()) == 1
    assert list(Claim.objects.values_list("user__email", flat=True)) == ["lucie@example.org"]

    a_day_later()
    claim = services.claim_start(maker=imported, user=paul, message="", site_url=SITE)
    assert claim.status == Claim.Status.SENT
    assert len(sent_mail()) == 2


def test_a_claim_that_fails_does_not_use_up_the_days_mail(imported, people, sent_mail):
    lucie = people("lucie@example.org")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.claim_start(maker=imported, user=lucie, message="", site_url=SITE)
        raise RuntimeError("the request failed after the claim")
    mail.outbox.clear()
    services.claim_start(maker=imported, user=people("paul@example.org"), message="", site_url=SITE)
    assert len(sent_mail()) == 1


def test_claims_without_a_mail_are_not_limited(people):
    maker = MakerFactory(source_key="osm:42", email="")
    for email in ("lucie@example.org", "paul@example.org"):
        claim = services.claim_start(maker=maker, user=people(email), message="", site_url=SITE)
        assert claim.status == Claim.Status.REQUESTED
