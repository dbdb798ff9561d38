"""Accounts nobody uses are warned, then erased, as the privacy page promises; active ones stay."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from localiste.accounts.inactivity import activity_record, inactive_accounts_process
from localiste.accounts.models import AccountActivity
from localiste.accounts.tests.factories import PASSWORD, UserFactory
from localiste.makers.models import Maker, Membership
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.ACCOUNT_INACTIVITY_DAYS = 1095
    settings.ACCOUNT_INACTIVITY_NOTICE_DAYS = 30
    settings.SITE_URL = "https://makers.example.org"


def years_ago(years: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=365 * years)


def dormant(email: str, *, years: float = 3.2):
    user = UserFactory(email=email, username=email)
    User.objects.filter(pk=user.pk).update(date_joined=years_ago(years + 1), last_login=None)
    activity_record(user=user, when=years_ago(years))
    return user


def test_an_inactive_account_is_warned_then_erased_with_its_own_listing(sent_mail):
    user = dormant("endormie@example.org")
    listing = MakerFactory(name="Atelier oublié")
    Membership.objects.create(user=user, maker=listing, role=Membership.Role.OWNER)

    report = inactive_accounts_process()
    assert (report.warned, report.erased) == (1, 0)
    [warning] = sent_mail()
    assert warning.to == ["endormie@example.org"]
    assert "https://makers.example.org/compte/login/" in warning.body
    assert User.objects.filter(pk=user.pk).exists()  # a warning first, never straight away

    # A second run the same day changes nothing; thirty days later, the account goes.
    assert inactive_accounts_process().warned == 0
    later = timezone.now() + datetime.timedelta(days=31)
    assert inactive_accounts_process(now=later).erased == 1
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Maker.objects.filter(pk=listing.pk).exists()


def test_signing_in_after_the_warning_keeps_the_account(client):
    user = dormant("revenue@example.org")
    inactive_accounts_process()
    assert AccountActivity.objects.get(user=user).warned_at
    assert (
        client.post("/compte/login/", {"login": user.email, "password": PASSWORD}).status_code
        == 302
    )
    assert AccountActivity.objects.get(user=user).warned_at is None
    assert inactive_accounts_process(now=timezone.now() + datetime.timedelta(days=31)).erased == 0
    assert User.objects.filter(pk=user.pk).exists()


def test_using_the_site_while_signed_in_counts_as_activity(client):
    user = dormant("fidele@example.org")
    client.force_login(user)
    client.get("/compte/")
    assert AccountActivity.objects.get(user=user).last_active_at > years_ago(0.01)
    assert inactive_accounts_process().warned == 0


def test_recent_accounts_and_operators_are_left_alone(sent_mail):
    UserFactory(email="recente@example.org", username="recente")
    operator = dormant("ops@example.org", years=5)
    User.objects.filter(pk=operator.pk).update(is_staff=True)
    report = inactive_accounts_process(now=timezone.now() + datetime.timedelta(days=40))
    assert (report.warned, report.erased) == (0, 0)
    assert sent_mail() == []


def test_confirming_a_listing_from_its_yearly_mail_keeps_its_team_active():
    from localiste.makers.services.freshness import maker_confirm_current

    user = dormant("confirme@example.org")
    listing = MakerFactory(name="Atelier confirmé")
    Membership.objects.create(user=user, maker=listing, role=Membership.Role.OWNER)
    maker_confirm_current(maker=listing)  # the link followed without signing in
    assert AccountActivity.objects.get(user=user).last_active_at > years_ago(0.01)
    assert inactive_accounts_process().warned == 0
