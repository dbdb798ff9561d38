"""Delivery through a real SMTP server (aiosmtpd on 127.0.0.1): nothing lost while it is down."""

import datetime
import email
import socket

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone

from localiste.makers.tests.factories import MakerFactory
from localiste.messaging.models import OutgoingMail
from localiste.messaging.outbox import MAX_ATTEMPTS, outbox_deliver_due, retry_delay

pytestmark = pytest.mark.django_db

MAKER_ADDRESS = "atelier@example.org"


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    port = free_port()
    inbox = Inbox()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    class Server:
        controller: Controller | None = None

        def start(self):
            self.controller = Controller(inbox, hostname="127.0.0.1", port=port)
            self.controller.start()

        def stop(self):
            self.controller.stop()
            self.controller = None

    server = Server()
    server.inbox = inbox
    server.start()
    yield server
    if server.controller is not None:
        server.stop()


def write(client, maker, text: str):
    url = reverse("messaging:contact", kwargs={"slug": maker.slug})
    data = {"name": "Camille", "email": "camille@example.net", "message": text, "website": ""}
    return client.post(url, data, REMOTE_ADDR="192.0.2.20")


def test_a_message_arrives_with_reply_to_the_sender(
    client, smtp, django_capture_on_commit_callbacks
):
    maker = MakerFactory(email=MAKER_ADDRESS)
    with django_capture_on_commit_callbacks(execute=True):
        write(client, maker, "Bonjour, avez-vous ce modèle en bleu ?")
    relayed = [message for message in smtp.inbox.messages if message["To"] == MAKER_ADDRESS]
    assert len(relayed) == 1
    assert relayed[0]["Reply-To"] == "camille@example.net"
    assert "en bleu" in relayed[0].get_payload(decode=True).decode()
    copies = [message for message in smtp.inbox.messages if message["To"] == "camille@example.net"]
    assert len(copies) == 1 and copies[0]["Reply-To"] is None


def test_messages_wait_while_the_server_is_down_and_arrive_once_when_it_is_back(
    client, smtp, django_capture_on_commit_callbacks
):
    maker = MakerFactory(email=MAKER_ADDRESS)
    smtp.stop()
    texts = [f"Question {number} : livrez-vous à Mérignac ?" for number in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for text in texts:
            assert write(client, maker, text).status_code == 302
    assert smtp.inbox.messages == []
    waiting = OutgoingMail.objects.all()
    assert waiting.count() == 6
    for mail in waiting:
        assert mail.status == OutgoingMail.Status.RETRYING
        assert mail.attempts == 1 and mail.last_error
        assert mail.next_attempt_at > timezone.now()

    # Not due yet: nothing is tried before the backoff.
    assert outbox_deliver_due().sent == 0

    smtp.start()
    later = timezone.now() + retry_delay(1) + datetime.timedelta(seconds=1)
    report = outbox_deliver_due(now=later)
    assert report.sent == 6 and report.failed == 0
    assert outbox_deliver_due(now=later + datetime.timedelta(days=1)).sent == 0
    relayed = [message for message in smtp.inbox.messages if message["To"] == MAKER_ADDRESS]
    bodies = sorted(message.get_payload(decode=True).decode() for message in relayed)
    assert len(relayed) == 3
    assert all(any(text in body for body in bodies) for text in texts)
    assert len(smtp.inbox.messages) == 6
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}


def test_a_mail_that_keeps_failing_is_given_up_and_can_be_sent_again(smtp):
    from localiste.messaging.outbox import outbox_enqueue, outbox_retry

    smtp.stop()
    mail = outbox_enqueue(to=["someone@example.net"], subject="Test", body="Hello")
    now = timezone.now()
    for _attempt in range(MAX_ATTEMPTS):
        now += datetime.timedelta(days=1)
        outbox_deliver_due(now=now)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.DEAD and mail.attempts == MAX_ATTEMPTS
    smtp.start()
    outbox_retry(mails=[mail])
    assert outbox_deliver_due(now=now + datetime.timedelta(days=1)).sent == 1
    assert len(smtp.inbox.messages) == 1


def test_backoff_doubles_up_to_six_hours():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert retry_delay(20) == datetime.timedelta(hours=6)
