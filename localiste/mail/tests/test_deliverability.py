"""Mail sent in numbers can be unsubscribed from; addresses that keep failing stop receiving."""

import datetime
import io
from email.message import EmailMessage as RawMessage

import pytest
from django.core.mail import EmailMessage, send_mail
from django.core.management import call_command
from django.utils import timezone

from localiste.mail.blocking import unsubscribe_url
from localiste.mail.models import BlockedAddress, OutgoingMail
from localiste.mail.outbox import outbox_deliver_due, outbox_headers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://makers.example.org"
    settings.SITE_CONTACT_EMAIL = "contact@makers.example.org"
    settings.MAIL_BOUNCE_ADDRESS = "bounces+{id}@makers.example.org"
    settings.EMAIL_BACKEND = "localiste.mail.backend.OutboxEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def send_bulk(to: str, subject: str = "Nouveaux ateliers près de chez vous") -> None:
    EmailMessage(subject, "Trois ateliers.", None, [to], headers=outbox_headers(bulk=True)).send()


def statuses() -> dict[str, str]:
    return dict(OutgoingMail.objects.values_list("subject", "status"))


def test_bulk_mail_carries_one_click_unsubscribe_and_transactional_mail_does_not(smtp):
    send_bulk("lucie@example.org")
    send_mail("Votre mot de passe", "Le lien.", None, ["lucie@example.org"])
    outbox_deliver_due()
    bulk, reset = smtp.inbox.messages
    links = " ".join(bulk["List-Unsubscribe"].split())
    assert links.startswith("<https://makers.example.org/desabonnement/")
    assert "<mailto:contact@makers.example.org?subject=unsubscribe%20lucie%40example.org>" in links
    assert bulk["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert reset["List-Unsubscribe"] is None and reset["List-Unsubscribe-Post"] is None


def test_one_click_unsubscribes_from_bulk_mail_only(client, smtp):
    url = unsubscribe_url(address="lucie@example.org").removeprefix("https://makers.example.org")
    page = client.get(url)  # a link scanner opening the link changes nothing
    assert page.status_code == 200 and "lucie@example.org" in page.content.decode()
    assert not BlockedAddress.objects.exists()
    # The mail program's one-click POST (RFC 8058): no session, no CSRF token.
    client = client.__class__(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200

    send_bulk("Lucie@Example.org", "Alerte")
    send_mail("Réinitialisation", "Le lien.", None, ["lucie@example.org"])
    outbox_deliver_due()
    assert [message["Subject"] for message in smtp.inbox.messages] == ["Réinitialisation"]
    assert statuses() == {"Alerte": "blocked", "Réinitialisation": "sent"}


def test_a_forged_unsubscribe_link_is_not_found(client):
    assert client.post("/desabonnement/pas-un-jeton/").status_code == 404
    assert not BlockedAddress.objects.exists()


def test_an_address_refused_for_good_is_not_retried_and_blocked_after_three(smtp, settings):
    smtp.inbox.refused = {"parti@example.org"}
    for number in range(3):
        send_mail(f"Essai {number}", "Bonjour", None, ["parti@example.org"])
        outbox_deliver_due()
        mail = OutgoingMail.objects.get(subject=f"Essai {number}")
        assert mail.status == OutgoingMail.Status.DEAD and mail.attempts == 1  # not retried
    blocked = BlockedAddress.objects.get(address="parti@example.org")
    assert blocked.is_blocked and blocked.failures == 3 and "550" in blocked.last_error

    smtp.inbox.refused = set()
    send_mail("Encore", "Bonjour", None, ["parti@example.org"])
    send_mail("Ailleurs", "Bonjour", None, ["reste@example.org"])
    assert outbox_deliver_due().blocked == 1
    assert statuses()["Encore"] == "blocked" and statuses()["Ailleurs"] == "sent"


def test_a_server_that_is_only_busy_is_tried_again(smtp):
    smtp.stop()
    send_mail("Plus tard", "Bonjour", None, ["lucie@example.org"])
    outbox_deliver_due()
    assert statuses() == {"Plus tard": "retrying"}
    assert not BlockedAddress.objects.exists()


def delivery_report(recipient: str, *, action: str = "failed", status: str = "5.1.1") -> bytes:
    """A bounce as mail servers send them (RFC 3464: multipart/report, delivery-status)."""
    return (
        "From: MAILER-DAEMON@mx.example.net\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.net\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: {status}\r\n"
        "\r\n--B--\r\n"
    ).encode()


def bounce(raw: bytes, recipient: str = "") -> str:
    out = io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(raw))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", stdin)
        call_command("mail_bounce", recipient=recipient, stdout=out)
    return out.getvalue()


def test_bounce_reports_piped_in_by_the_mail_server_block_failing_addresses(settings):
    settings.MAIL_BLOCK_AFTER_FAILURES = 2
    assert "parti@example.org" in bounce(delivery_report("parti@example.org"))
    assert not BlockedAddress.objects.get().is_blocked
    bounce(delivery_report("parti@example.org"))
    assert BlockedAddress.objects.get().is_blocked
    # A delay notice is not a failure.
    bounce(delivery_report("lent@example.org", action="delayed", status="4.4.7"))
    assert not BlockedAddress.objects.filter(address="lent@example.org").exists()


def test_a_bare_failure_notice_names_its_mail_by_the_verp_address(settings):
    settings.MAIL_BLOCK_AFTER_FAILURES = 1
    send_mail("Bonjour", "Texte", None, ["ancien@example.org"])
    mail = OutgoingMail.objects.get()
    notice = RawMessage()
    notice["From"] = "Mail Delivery System <MAILER-DAEMON@mx.example.net>"
    notice.set_content("User unknown.")
    bounce(notice.as_bytes(), recipient=f"bounces+{mail.pk}@makers.example.org")
    assert BlockedAddress.objects.get().address == "ancien@example.org"


def test_an_automatic_reply_is_not_a_bounce(settings):
    settings.MAIL_BLOCK_AFTER_FAILURES = 1
    send_mail("Bonjour", "Texte", None, ["vacances@example.org"])
    mail = OutgoingMail.objects.get()
    reply = RawMessage()
    reply["From"] = "vacances@example.org"
    reply["Subject"] = "Absent jusqu'au 3"
    reply.set_content("Je suis absente.")
    bounce(reply.as_bytes(), recipient=f"bounces+{mail.pk}@makers.example.org")
    assert not BlockedAddress.objects.exists()


def test_an_operator_lets_a_blocked_address_receive_again(operator_client, smtp):
    blocked = BlockedAddress.objects.create(
        address="revenu@example.org", reason="bounces", failures=3, blocked_at=timezone.now()
    )
    response = operator_client.post(
        "/admin/mail/blockedaddress/", {"action": "unblock", "_selected_action": [blocked.pk]}
    )
    assert response.status_code == 302
    send_mail("De retour", "Bonjour", None, ["revenu@example.org"])
    outbox_deliver_due(now=timezone.now() + datetime.timedelta(seconds=1))
    assert [message["Subject"] for message in smtp.inbox.messages] == ["De retour"]
