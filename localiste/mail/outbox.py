"""The outbox: every email the site sends is stored first, then delivered by a worker.

`backend.OutboxEmailBackend` is Django's EMAIL_BACKEND, so every `send_mail` (django-allauth's
included) lands here as an `OutgoingMail`. The task worker delivers it through the real
backend (`MAIL_DELIVERY_BACKEND`: SMTP in production). When the mail server is down the
mail waits and is tried again, each wait twice as long as the one before; after
`MAX_ATTEMPTS` failures it is given up and an operator may send it again. A refusal that
cannot change (the address does not exist) is not retried, and counts towards blocking the
address (`blocking`). Nothing is lost in between, and no request waits for a mail server.
"""

from __future__ import annotations

import base64
import datetime
import logging
import re
import smtplib
from collections.abc import Iterable, Sequence
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from localiste.mail import blocking
from localiste.mail.models import OutgoingMail

logger = logging.getLogger(__name__)

RETRY_LONGEST_DELAY = datetime.timedelta(hours=6)
MAX_ATTEMPTS = 12  # about a day and a half of retries
# How long a worker holds a mail it is sending; a crashed worker's mail is due again after it.
CLAIM_LEASE = datetime.timedelta(minutes=5)
PLANNED_RUN_KEY = "mail:outbox:planned-run"
WAITING = (OutgoingMail.Status.PENDING, OutgoingMail.Status.RETRYING)
# Headers a sender sets to say what the mail is about; they are stored, never sent.
REFERENCE_HEADER = "X-Localiste-Reference"
KIND_HEADER = "X-Localiste-Kind"


def outbox_headers(*, reference: str = "", bulk: bool = False) -> dict[str, str]:
    """Headers for an EmailMessage: what it is about, and whether it is sent in numbers.

    Mail sent in numbers (alerts, digests, invitations to claim) gets List-Unsubscribe
    headers and is not sent to addresses that unsubscribed.
    """
    headers = {REFERENCE_HEADER: reference} if reference else {}
    if bulk:
        headers[KIND_HEADER] = OutgoingMail.Kind.BULK
    return headers


def _attachment_rows(message: EmailMessage) -> list[dict]:
    rows = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            content = attachment.as_bytes()
            rows.append({"mime": base64.b64encode(content).decode()})
            continue
        name, content, mimetype = attachment
        data = content.encode() if isinstance(content, str) else content
        rows.append(
            {"name": name, "content": base64.b64encode(data).decode(), "mimetype": mimetype}
        )
    return rows


def outbox_store(message: EmailMessage) -> OutgoingMail:
    """Store `message` whole in the outbox; a worker delivers it once the transaction commits."""
    headers = dict(message.extra_headers)
    reference = headers.pop(REFERENCE_HEADER, "")
    kind = headers.pop(KIND_HEADER, OutgoingMail.Kind.TRANSACTIONAL)
    with transaction.atomic():
        mail = OutgoingMail.objects.create(
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            to=list(message.to),
            cc=list(message.cc),
            bcc=list(message.bcc),
            reply_to=list(message.reply_to),
            # Header injection is impossible through Django's mail; keep subjects on one line
            # (French no-break spaces stay: they are not line breaks).
            subject=re.sub(r"[\r\n\t ]+", " ", str(message.subject)).strip()[:255],
            body=message.body,
            alternatives=[[content, mimetype] for content, mimetype in _alternatives(message)],
            attachments=_attachment_rows(message),
            headers=headers,
            kind=kind,
            reference=reference[:80],
            next_attempt_at=timezone.now(),
        )
        transaction.on_commit(outbox_schedule_delivery)
    return mail


def _alternatives(message: EmailMessage) -> list[tuple[str, str]]:
    return [
        (content, mimetype) for content, mimetype, *_rest in getattr(message, "alternatives", [])
    ]


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failure: 1, 2, 4… minutes (by default, see
    MAIL_RETRY_FIRST_SECONDS), at most 6 hours."""
    first = datetime.timedelta(seconds=settings.MAIL_RETRY_FIRST_SECONDS)
    delay = first * (2 ** max(attempts - 1, 0))
    return min(delay, RETRY_LONGEST_DELAY)


def outbox_schedule_delivery(*, run_after: datetime.datetime | None = None) -> None:
    """Ask the task worker to deliver what is due (at `run_after`, or as soon as it can).

    A failure to queue loses nothing: the mail is stored, and the scheduler's periodic run
    (`manage.py schedule_run`) delivers whatever is due.
    """
    from localiste.mail.tasks import outbox_deliver

    task = outbox_deliver
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # a backend that runs tasks at once cannot wait: the next run will do
        # One waiting run is enough: skip when one is already planned before `run_after`.
        planned = cache.get(PLANNED_RUN_KEY)
        if planned is not None and timezone.now() <= planned <= run_after:
            return
        cache.set(PLANNED_RUN_KEY, run_after, timeout=int(RETRY_LONGEST_DELAY.total_seconds()))
        task = task.using(run_after=run_after)
    try:
        task.enqueue()
    except Exception:  # the mail is stored: the next delivery run will send it
        logger.exception("Could not enqueue the outbox delivery")


class DeliveryReport:
    def __init__(self):
        self.sent = self.failed = self.given_up = self.blocked = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "given_up": self.given_up,
            "blocked": self.blocked,
        }


def _claim(mail_id: int, *, now: datetime.datetime) -> bool:
    """Take `mail_id` for sending; False when it is not due or another worker took it."""
    return bool(
        OutgoingMail.objects.filter(
            pk=mail_id, status__in=WAITING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    )


def _email(mail: OutgoingMail, recipients: dict[str, list[str]], connection) -> EmailMessage:
    """The message to hand to the delivery backend: From as stored, the envelope sender the
    bounce address (so that bounces come back to us, not to the From address)."""
    headers = {"Auto-Submitted": "auto-generated"}
    if mail.kind == OutgoingMail.Kind.BULK:
        headers.update(blocking.unsubscribe_headers(address=mail.to[0] if mail.to else ""))
    # A sender's own unsubscribe link (an alert that deletes itself) is more precise than the
    # generic one (which stops every bulk mail to the address): it wins.
    headers.update({**mail.headers, "From": mail.from_email})
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=blocking.bounce_address(mail_id=mail.pk) or mail.from_email,
        to=recipients["to"],
        cc=recipients["cc"],
        bcc=recipients["bcc"],
        reply_to=mail.reply_to or None,
        headers=headers,
        connection=connection,
    )
    for content, mimetype in mail.alternatives:
        message.attach_alternative(content, mimetype)
    for row in mail.attachments:
        if "name" in row:
            message.attach(row["name"], base64.b64decode(row["content"]), row["mimetype"])
    return message


def _record_failure(mail: OutgoingMail, error: Exception, *, now: datetime.datetime) -> bool:
    """Note why `mail` failed and when to try again; True when it is given up.

    A permanent refusal (SMTP 5xx for every recipient) is not tried again: it counts as a
    bounce of those addresses.
    """
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    refused = blocking.permanently_refused(error)
    if refused:
        blocking.failures_record(addresses=refused, error=mail.last_error)
    if refused or mail.attempts >= MAX_ATTEMPTS:
        mail.status, mail.next_attempt_at = OutgoingMail.Status.DEAD, None
    else:
        mail.status = OutgoingMail.Status.RETRYING
        mail.next_attempt_at = now + retry_delay(mail.attempts)
    mail.save(update_fields=["status", "next_attempt_at", "last_error"])
    logger.warning("Mail %s failed (attempt %s): %s", mail.pk, mail.attempts, mail.last_error)
    return mail.status == OutgoingMail.Status.DEAD


def _deliver_one(mail: OutgoingMail, connection, report: DeliveryReport, now) -> None:
    recipients = blocking.recipients_allowed(mail)
    if not any(recipients.values()):
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=OutgoingMail.Status.SUPPRESSED,
            next_attempt_at=None,
            last_error="every recipient is blocked",
        )
        report.blocked += 1
        return
    try:
        if not _email(mail, recipients, connection).send():
            raise smtplib.SMTPException("the mail server accepted no recipient")
    except Exception as error:
        report.failed += 1
        report.given_up += _record_failure(mail, error, now=now)
        _close_quietly(connection)  # a broken connection must not fail the next mail
    else:
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=OutgoingMail.Status.SENT, sent_at=timezone.now(), next_attempt_at=None
        )
        report.sent += 1


def outbox_deliver_due(*, now: datetime.datetime | None = None, limit: int = 200) -> DeliveryReport:
    """Send up to `limit` due mails, each exactly once; failures wait for their next attempt.

    Schedules the next run for the earliest mail still waiting, so that retries happen
    without anyone watching.
    """
    now = now or timezone.now()
    report = DeliveryReport()
    due_ids = list(
        OutgoingMail.objects.filter(status__in=WAITING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    connection = get_connection(settings.MAIL_DELIVERY_BACKEND, fail_silently=False)
    try:
        for mail_id in due_ids:
            if _claim(mail_id, now=now):
                _deliver_one(OutgoingMail.objects.get(pk=mail_id), connection, report, now)
    finally:
        _close_quietly(connection)
    next_due = OutgoingMail.objects.filter(status__in=WAITING).aggregate(at=Min("next_attempt_at"))
    if next_due["at"] is not None and len(due_ids) < limit:
        outbox_schedule_delivery(run_after=max(next_due["at"], now))
    elif len(due_ids) == limit:
        outbox_schedule_delivery()
    return report


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # the server went away: nothing left to close
        logger.debug("Closing the mail connection failed", exc_info=True)


@transaction.atomic
def outbox_retry(*, mails: Iterable[OutgoingMail]) -> int:
    """Queue `mails` (not yet sent) for delivery now, given-up ones with fresh attempts."""
    ids = [mail.pk for mail in mails]
    waiting = OutgoingMail.objects.filter(pk__in=ids).exclude(status=OutgoingMail.Status.SENT)
    now = timezone.now()
    count = waiting.filter(
        status__in=[OutgoingMail.Status.DEAD, OutgoingMail.Status.SUPPRESSED]
    ).update(status=OutgoingMail.Status.PENDING, attempts=0, next_attempt_at=now)
    count += waiting.filter(status__in=WAITING).update(next_attempt_at=now)
    transaction.on_commit(outbox_schedule_delivery)
    return count


@transaction.atomic
def outbox_forget(
    *, addresses: Iterable[str] = (), references: Sequence[str] = (), before=None
) -> int:
    """Delete the mail naming any of `addresses` (exactly, ignoring case) or about one of
    `references`, or, with `before`, every mail about nothing queued before then; how many.

    For erasure and retention: erasing ulee@… leaves the mail of mjulee@… alone.
    """
    doomed: list[int] = []
    addresses = {address.lower() for address in addresses if address}
    if addresses:
        candidates = Q(pk__in=[])
        for address in addresses:
            candidates |= Q(to__icontains=address) | Q(reply_to__icontains=address)
            candidates |= Q(cc__icontains=address) | Q(bcc__icontains=address)
        for mail in OutgoingMail.objects.filter(candidates).only(
            "pk", "to", "cc", "bcc", "reply_to"
        ):
            named = {address.lower() for address in [*mail.recipients, *mail.reply_to]}
            if named & addresses:
                doomed.append(mail.pk)
    query = Q(pk__in=doomed)
    if references:
        query |= Q(reference__in=list(references))
    if before is not None:
        query |= Q(reference="", created_at__lt=before)
    deleted, _by_model = OutgoingMail.objects.filter(query).delete()
    return deleted
