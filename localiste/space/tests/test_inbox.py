"""The maker reads their messages in the maker space and marks them answered."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from localiste.mail.models import OutgoingMail
from localiste.makers.models import Membership
from localiste.makers.tests.factories import MakerFactory
from localiste.messaging.models import ContactMessage
from localiste.messaging.services import (
    contact_message_submit,
    contact_messages_purge,
    message_reference,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker():
    return MakerFactory(name="Atelier Sel", email="sel@example.org")


@pytest.fixture
def member(maker):
    user = get_user_model().objects.create_user(
        username="marie", email="marie@example.org", password="x"
    )
    Membership.objects.create(user=user, maker=maker, role=Membership.Role.OWNER)
    return user


def submit(maker, text="Bonjour, une question sur vos savons.") -> ContactMessage:
    return contact_message_submit(
        maker=maker,
        sender_name="Louis",
        sender_email="louis@example.net",
        body=text,
        site_url="http://testserver",
    )


def inbox_url(maker) -> str:
    return reverse("space:inbox", kwargs={"slug": maker.slug})


def test_the_team_reads_its_messages(client, maker, member):
    submit(maker)
    client.force_login(member)
    response = client.get(inbox_url(maker))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Louis" in html and "louis@example.net" in html and "savons" in html


def test_others_cannot_read_the_inbox(client, maker):
    stranger = get_user_model().objects.create_user(username="paul", password="x")
    client.force_login(stranger)
    assert client.get(inbox_url(maker)).status_code == 404
    client.logout()
    response = client.get(inbox_url(maker))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_marking_a_message_answered_and_back(client, maker, member):
    message = submit(maker)
    client.force_login(member)
    url = reverse("space:mark_answered", kwargs={"slug": maker.slug, "message_id": message.pk})
    response = client.post(url, {"answered": "1", "page": "1"})
    assert response.status_code == 302 and response["Location"].startswith(inbox_url(maker))
    message.refresh_from_db()
    assert message.is_answered
    client.post(url, {"answered": "0"})
    message.refresh_from_db()
    assert not message.is_answered


def test_a_maker_cannot_mark_another_makers_message(client, maker, member):
    other = MakerFactory()
    message = submit(other)
    client.force_login(member)
    url = reverse("space:mark_answered", kwargs={"slug": maker.slug, "message_id": message.pk})
    assert client.post(url).status_code == 404


def test_messages_are_purged_after_the_retention(maker, settings):
    settings.MESSAGE_RETENTION_DAYS = 30
    settings.EMAIL_BACKEND = "localiste.mail.backend.OutboxEmailBackend"
    old, recent = submit(maker, "Un vieux message de l'an dernier"), submit(maker)
    ContactMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    old_mails = OutgoingMail.objects.filter(reference=message_reference(old.pk))
    assert old_mails.count() == 2  # the relay to the maker and the sender's copy
    assert contact_messages_purge() == 1
    assert list(ContactMessage.objects.all()) == [recent]
    assert not old_mails.exists()
    assert OutgoingMail.objects.filter(reference=message_reference(recent.pk)).count() == 2
    call_command("messages_purge", stdout=io.StringIO())
    assert ContactMessage.objects.count() == 1
