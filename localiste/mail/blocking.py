"""Deliverability: bounces come back to us, failing addresses stop receiving, people unsubscribe.

- The envelope sender of every mail is `MAIL_BOUNCE_ADDRESS` (with `{id}` in it, VERP: each
  mail's bounces name it), so that bounces reach a mailbox the MTA pipes into
  `manage.py mail_bounce`, not the From address.
- An address refused for good (SMTP 5xx, or a bounce report saying so) counts a failure;
  after `MAIL_BLOCK_AFTER_FAILURES` of them it receives no more mail.
- Mail sent in numbers carries `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058):
  one click, or one POST from the mail program, and that address gets no more of it (it
  still gets what it asks for, such as a password reset).
"""

from __future__ import annotations

import email
import re
import smtplib
from email.message import Message
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from localiste.mail.models import BlockedAddress, OutgoingMail

UNSUBSCRIBE_SALT = "mail.unsubscribe"
VERP_PATTERN = re.compile(r"\+(\d+)@")


def bounce_address(*, mail_id: int) -> str:
    """The envelope sender of mail `mail_id` ("" when none is configured: From is used)."""
    address = getattr(settings, "MAIL_BOUNCE_ADDRESS", "")
    return address.replace("{id}", str(mail_id)) if address else ""


def unsubscribe_url(*, address: str) -> str:
    """The one-click unsubscribe link for `address` ("" without SITE_URL: no link to give)."""
    site = settings.SITE_URL
    if not site or not address:
        return ""
    token = signing.dumps({"a": address.lower()}, salt=UNSUBSCRIBE_SALT, compress=True)
    return site + reverse("mail:unsubscribe", kwargs={"token": token})


def unsubscribe_address(token: str) -> str | None:
    """The address an unsubscribe token was made for, or None when it is not ours."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT).get("a")
    except (signing.BadSignature, AttributeError):
        return None


def unsubscribe_headers(*, address: str) -> dict[str, str]:
    """List-Unsubscribe (a link and a mail address) and, with a link, List-Unsubscribe-Post."""
    targets = []
    url = unsubscribe_url(address=address)
    if url:
        targets.append(f"<{url}>")
    contact = getattr(settings, "SITE_CONTACT_EMAIL", "")
    if contact:
        targets.append(f"<mailto:{contact}?subject={quote('unsubscribe ' + address)}>")
    headers = {"List-Unsubscribe": ", ".join(targets)} if targets else {}
    if url:
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


@transaction.atomic
def address_unsubscribe(*, address: str) -> BlockedAddress:
    """Stop mail sent in numbers to `address` (what it asks for still reaches it)."""
    blocked, created = BlockedAddress.objects.get_or_create(
        address=address.lower(),
        defaults={
            "reason": BlockedAddress.Reason.UNSUBSCRIBED,
            "bulk_only": True,
            "blocked_at": timezone.now(),
        },
    )
    if not created and not blocked.is_blocked:
        blocked.reason, blocked.bulk_only = BlockedAddress.Reason.UNSUBSCRIBED, True
        blocked.blocked_at = timezone.now()
        blocked.save(update_fields=["reason", "bulk_only", "blocked_at", "updated_at"])
    return blocked


@transaction.atomic
def failures_record(*, addresses: list[str], error: str) -> None:
    """Count a permanent failure for each of `addresses`; block those that failed too often."""
    limit = getattr(settings, "MAIL_BLOCK_AFTER_FAILURES", 3)
    for address in {address.lower() for address in addresses}:
        row, _created = BlockedAddress.objects.get_or_create(
            address=address, defaults={"reason": BlockedAddress.Reason.BOUNCES}
        )
        BlockedAddress.objects.filter(pk=row.pk).update(
            failures=F("failures") + 1, last_error=error[:2000]
        )
        row.refresh_from_db()
        if row.failures >= limit and (not row.is_blocked or row.bulk_only):
            row.reason, row.bulk_only = BlockedAddress.Reason.BOUNCES, False
            row.blocked_at = timezone.now()
            row.save(update_fields=["reason", "bulk_only", "blocked_at", "updated_at"])


def recipients_allowed(mail: OutgoingMail) -> dict[str, list[str]]:
    """`mail`'s to, cc and bcc without the addresses that must not receive it."""
    everyone = [address.lower() for address in mail.recipients]
    blocked = BlockedAddress.objects.filter(address__in=everyone, blocked_at__isnull=False)
    if mail.kind != OutgoingMail.Kind.BULK:
        blocked = blocked.filter(bulk_only=False)
    refused = set(blocked.values_list("address", flat=True))
    return {
        field: [address for address in getattr(mail, field) if address.lower() not in refused]
        for field in ("to", "cc", "bcc")
    }


def permanently_refused(error: Exception) -> list[str]:
    """The recipients an SMTP error refused for good (5xx); [] for a failure worth retrying."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return [
            address for address, (code, _message) in error.recipients.items() if 500 <= code < 600
        ]
    return []


def bounce_report_recipients(raw: bytes) -> list[str]:
    """The addresses a bounce report (RFC 3464 delivery status) says failed for good."""
    report = email.message_from_bytes(raw)
    failed = []
    for part in report.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in _status_blocks(part):
            action = (block.get("Action") or "").strip().lower()
            status = (block.get("Status") or "").strip()
            recipient = block.get("Final-Recipient") or block.get("Original-Recipient") or ""
            if action == "failed" and status.startswith("5") and ";" in recipient:
                failed.append(recipient.split(";", 1)[1].strip())
    return failed


def _status_blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return payload
    return [email.message_from_string(block) for block in str(payload).split("\n\n")]


def bounce_receive(*, raw: bytes, envelope_recipient: str = "") -> list[str]:
    """Record a bounce that came back to the bounce address; the addresses it counted.

    The delivery report names the failed addresses. A mail server's failure notice without a
    report (from MAILER-DAEMON or postmaster) counts against the recipients of the mail that
    its VERP envelope recipient (bounces+<id>@…) names. Anything else (an automatic "I am
    away" reply) counts nothing.
    """
    failed = bounce_report_recipients(raw)
    sender = (email.message_from_bytes(raw).get("From") or "").lower()
    from_server = "mailer-daemon" in sender or "postmaster" in sender
    if not failed and from_server and (match := VERP_PATTERN.search(envelope_recipient)):
        mail = OutgoingMail.objects.filter(pk=int(match.group(1))).first()
        failed = mail.recipients if mail else []
    if failed:
        failures_record(addresses=failed, error="bounce report")
    return failed


@transaction.atomic
def address_unblock(*, blocked: BlockedAddress) -> None:
    """Write to this address again (an operator fixed it, or the person asked)."""
    blocked.delete()
