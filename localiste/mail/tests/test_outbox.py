"""Delivery through a real SMTP server (aiosmtpd on 127.0.0.1): nothing lost while it is down."""

import datetime

import pytest
from django.core.mail import EmailMultiAlternatives, send_mail
from django.urls import reverse
from django.utils import timezone

from localiste.mail.models import OutgoingMail
from localiste.mail.outbox import MAX_ATTEMPTS, outbox_deliver_due, outbox_retry, retry_delay
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db

MAKER_ADDRESS = "atelier@example.org"


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
    smtp.stop()
    send_mail("Test", "Hello", None, ["someone@example.net"])
    mail = OutgoingMail.objects.get()
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


def test_every_part_of_a_mail_is_stored_then_delivered_as_it_was_sent(smtp, settings):
    settings.MAIL_BOUNCE_ADDRESS = "bounces+{id}@localiste.example"
    message = EmailMultiAlternatives(
        "Votre affiche",
        "Le texte.",
        "Atelier <atelier@localiste.example>",
        ["lucie@example.org"],
        cc=["associe@example.org"],
        bcc=["archive@example.org"],
        reply_to=["contact@localiste.example"],
    )
    message.attach_alternative("<p>Le <strong>texte</strong>.</p>", "text/html")
    message.attach("affiche.pdf", b"%PDF-1.4 test", "application/pdf")
    assert message.send() == 1
    assert smtp.inbox.messages == []  # stored, not sent: no request waits for the server

    mail = OutgoingMail.objects.get()
    assert mail.status == OutgoingMail.Status.PENDING
    assert outbox_deliver_due().sent == 1
    [received] = smtp.inbox.messages
    mail_from, recipients = smtp.inbox.envelopes[0]
    assert mail_from == f"bounces+{mail.pk}@localiste.example"  # bounces come back to us
    assert sorted(recipients) == ["archive@example.org", "associe@example.org", "lucie@example.org"]
    assert received["From"] == "Atelier <atelier@localiste.example>"
    assert received["Cc"] == "associe@example.org" and received["Bcc"] is None
    assert received["Reply-To"] == "contact@localiste.example"
    parts = {part.get_content_type(): part for part in received.walk()}
    assert "<strong>texte</strong>" in parts["text/html"].get_payload(decode=True).decode()
    assert parts["application/pdf"].get_payload(decode=True) == b"%PDF-1.4 test"
    assert parts["application/pdf"].get_filename() == "affiche.pdf"


def test_a_request_never_fails_because_the_mail_server_is_down(
    client, smtp, django_capture_on_commit_callbacks
):
    """Sign-up sends its verification mail while the server is down: the page answers, and
    the mail arrives once the server is back."""
    smtp.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/compte/signup/",
            {
                "email": "nouvelle@example.org",
                "password1": "Cuir-et-lin-42",
                "password2": "Cuir-et-lin-42",
            },
        )
    assert response.status_code == 302
    mail = OutgoingMail.objects.get(to=["nouvelle@example.org"])
    assert mail.status == OutgoingMail.Status.RETRYING and mail.attempts == 1
    smtp.start()
    outbox_deliver_due(now=timezone.now() + retry_delay(1) + datetime.timedelta(seconds=1))
    [received] = smtp.inbox.messages
    assert received["To"] == "nouvelle@example.org"
    assert "/compte/confirm-email/" in received.get_payload(decode=True).decode()
