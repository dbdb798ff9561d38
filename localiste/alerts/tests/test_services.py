"""The weekly digest, the purge and the limits, as the subscriber would notice them."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from localiste.accounts.services import account_delete
from localiste.accounts.tests.factories import UserFactory
from localiste.alerts.models import SearchAlert
from localiste.alerts.services import (
    MAX_ALERTS_PER_EMAIL,
    SAFETY_LAG,
    alert_digests_send,
    alert_subscribe,
    alerts_unconfirmed_purge,
)
from localiste.alerts.tests.conftest import SITE, received, text_of
from localiste.alerts.tests.factories import alert_made
from localiste.core.schedule import jobs_registered
from localiste.discovery.params import search_request_parse
from localiste.mail.blocking import address_unsubscribe
from localiste.mail.models import OutgoingMail
from localiste.mail.tests.conftest import smtp  # noqa: F401 (the fixture)
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db
MERIGNAC_NEARBY = {"latitude": 44.85, "longitude": -0.62, "locality": "Mérignac"}


def later(days: float = 7) -> datetime.datetime:
    """`days` after now, once the makers published now are past the job's safety lag."""
    return timezone.now() + datetime.timedelta(days=days, minutes=1) + SAFETY_LAG


def test_an_unconfirmed_alert_gets_no_digest_and_is_deleted_after_a_week(gironde, ceramics):
    alert = alert_made(confirmed=False, categorie=ceramics.slug)
    MakerFactory(primary_category=ceramics, **MERIGNAC_NEARBY)
    assert alert_digests_send(now=later()) == 0
    assert OutgoingMail.objects.filter(reference=f"alerts.searchalert:{alert.pk}").count() == 1
    assert alerts_unconfirmed_purge(now=later(days=6)) == 0
    assert alerts_unconfirmed_purge(now=later(days=7)) == 1
    assert not SearchAlert.objects.exists()
    # Its confirmation mail goes with it: the address is kept nowhere.
    assert not OutgoingMail.objects.filter(reference=f"alerts.searchalert:{alert.pk}").exists()


def test_makers_published_before_the_confirmation_are_not_new(gironde, ceramics, smtp):  # noqa: F811
    MakerFactory(name="Déjà là", primary_category=ceramics, **MERIGNAC_NEARBY)
    alert_made(categorie=ceramics.slug)
    received(smtp)
    assert alert_digests_send(now=later()) == 0
    assert received(smtp) == []


def test_the_digest_waits_a_week_and_comes_once(gironde, ceramics, smtp):  # noqa: F811
    alert_made(categorie=ceramics.slug)
    MakerFactory(name="Tout neuf", primary_category=ceramics, **MERIGNAC_NEARBY)
    received(smtp)
    assert alert_digests_send(now=later(days=3)) == 0
    at = later()
    assert alert_digests_send(now=at) == 1
    assert alert_digests_send(now=at) == 0  # a second run at the same time sends nothing
    assert len(received(smtp)) == 1


def test_the_digest_is_written_in_the_subscribers_language(gironde, ceramics, smtp):  # noqa: F811
    alert_made(email="lea@example.org", language="fr", categorie=ceramics.slug)
    maker = MakerFactory(name="Faïences", primary_category=ceramics, **MERIGNAC_NEARBY)
    received(smtp)
    alert_digests_send(now=later())
    (digest,) = received(smtp)
    body = text_of(digest)
    assert body.startswith("Bonjour,")
    assert f"{SITE}/fabricants/{maker.slug}/" in body
    assert f"{SITE}/alertes/desabonner/" in body and "/en/" not in body


def test_several_new_makers_come_nearest_first(gironde, ceramics, smtp):  # noqa: F811
    alert_made(categorie=ceramics.slug)
    MakerFactory(name="Plus loin", primary_category=ceramics, latitude=44.95, longitude=-0.64)
    MakerFactory(name="Tout près", primary_category=ceramics, **MERIGNAC_NEARBY)
    received(smtp)
    alert_digests_send(now=later())
    (digest,) = received(smtp)
    assert digest["Subject"].strip() == "2 new makers for your alert"
    body = text_of(digest)
    assert body.index("Tout près") < body.index("Plus loin")


def test_an_address_that_unsubscribed_from_all_bulk_mail_loses_its_alerts(gironde, ceramics):
    alert_made(email="Ana@Example.org", categorie=ceramics.slug)
    MakerFactory(primary_category=ceramics, **MERIGNAC_NEARBY)
    address_unsubscribe(address="ana@example.org")  # the mail program's one-click, say
    assert alert_digests_send(now=later()) == 0
    assert not SearchAlert.objects.exists()


def test_one_address_holds_at_most_a_few_alerts(gironde):
    for radius in (5, 10, 25, 50, 100):
        for number in range(4):
            alert_made(rayon=str(radius), q=f"mot{number}", confirmed=False)
    assert SearchAlert.objects.count() == MAX_ALERTS_PER_EMAIL
    search = search_request_parse({"lieu": "Mérignac", "q": "encore"})
    assert (
        alert_subscribe(email="ANA@example.org", search=search, language="en", site_url=SITE)
        is None
    )
    assert SearchAlert.objects.count() == MAX_ALERTS_PER_EMAIL


def test_the_same_request_resends_its_confirmation_a_few_times_a_day_only(gironde):
    search = search_request_parse({"lieu": "Mérignac"})
    for _attempt in range(5):
        alert_subscribe(email="ana@example.org", search=search, language="en", site_url=SITE)
    assert SearchAlert.objects.count() == 1
    assert OutgoingMail.objects.filter(reference__startswith="alerts.").count() == 3


def test_the_jobs_are_registered():
    names = {job.name for job in jobs_registered()}
    assert {"alerts.digests", "alerts.unconfirmed_purge"} <= names


def test_an_operator_deleting_an_alert_deletes_its_mail(admin_client, gironde):
    alert = alert_made()
    listing = admin_client.get("/admin/alerts/searchalert/", {"q": "ana@"})
    assert "ana@example.org" in listing.content.decode()
    assert (
        alert.token
        not in admin_client.get(f"/admin/alerts/searchalert/{alert.pk}/change/").content.decode()
    )
    admin_client.post(f"/admin/alerts/searchalert/{alert.pk}/delete/", {"post": "yes"})
    assert not SearchAlert.objects.exists()
    assert not OutgoingMail.objects.filter(reference__startswith="alerts.").exists()


def test_the_mail_programs_one_click_button_ends_the_alert(client, gironde, ceramics, smtp):  # noqa: F811
    alert_made(categorie=ceramics.slug)
    MakerFactory(name="Tout neuf", primary_category=ceramics, **MERIGNAC_NEARBY)
    received(smtp)
    at = later()
    alert_digests_send(now=at)
    (digest,) = received(smtp)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The alert's own link (delete this alert), not the outbox's (stop every bulk mail).
    token = SearchAlert.objects.get().token
    assert digest["List-Unsubscribe"].strip() == f"<{SITE}/en/alertes/desabonner/{token}/>"
    url = re.search(r"<(https://[^>]+)>", digest["List-Unsubscribe"]).group(1)
    # What a mail program sends (RFC 8058): a POST, no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        url.removeprefix(SITE), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    MakerFactory(name="Encore un", primary_category=ceramics, **MERIGNAC_NEARBY)
    alert_digests_send(now=at + datetime.timedelta(days=7, minutes=1))
    assert received(smtp) == []
    assert not SearchAlert.objects.exists()


def test_deleting_an_account_deletes_the_alerts_of_its_address(gironde):
    user = UserFactory(email="Ana@Example.org")
    alert_made(email="ana@example.org")
    kept = alert_made(email="other@example.org")
    account_delete(user=user)
    assert list(SearchAlert.objects.values_list("pk", flat=True)) == [kept.pk]
