"""The outbox: every email the site sends is stored first, then delivered by a worker.

When the mail server is down the mail waits and is tried again later, each wait twice as
long as the one before; after `MAX_ATTEMPTS` failures an operator sees it as given up in
the admin and may send it again. Nothing is lost in between.
"""

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone

from localiste.messaging.models import OutgoingMail

logger = logging.getLogger(__name__)

RETRY_FIRST_DELAY = datetime.timedelta(minutes=1)
RETRY_LONGEST_DELAY = datetime.timedelta(hours=6)
MAX_ATTEMPTS = 12  # about a day and a half of retries
# How long a worker holds a mail it is sending; a crashed worker's mail is due again after it.
CLAIM_LEASE = datetime.timedelta(minutes=5)
PLANNED_RUN_KEY = "messaging:outbox:planned-run"
WAITING = (OutgoingMail.Status.PENDING, OutgoingMail.Status.RETRYING)


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failure: 1, 2, 4… minutes, at most 6 hours."""
    delay = RETRY_FIRST_DELAY * (2 ** max(attempts - 1, 0))
    return min(delay, RETRY_LONGEST_DELAY)


def outbox_schedule_delivery(*, run_after: datetime.datetime | None = None) -> None:
    """Ask the task worker to deliver what is due (at `run_after`, or as soon as it can)."""
    from localiste.messaging.tasks import outbox_deliver

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


@transaction.atomic
def outbox_enqueue(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    reply_to: Sequence[str] = (),
    contact_message=None,
    from_email: str | None = None,
) -> OutgoingMail:
    """Store an email in the outbox; a worker delivers it once the transaction commits."""
    mail = OutgoingMail.objects.create(
        contact_message=contact_message,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to),
        # Header injection is impossible through Django's mail, but keep subjects on one line.
        subject=" ".join(subject.split())[:255],
        body=body,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(outbox_schedule_delivery)
    return mail


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    given_up: int = 0


def _claim(mail_id: int, *, now: datetime.datetime) -> bool:
    """Take `mail_id` for sending; False when it is not due or another worker took it."""
    return bool(
        OutgoingMail.objects.filter(
            pk=mail_id, status__in=WAITING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    )


def _email(mail: OutgoingMail, connection) -> EmailMessage:
    return EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.to,
        reply_to=mail.reply_to or None,
        headers={"Auto-Submitted": "auto-generated"},
        connection=connection,
    )


def _record_failure(mail: OutgoingMail, error: Exception, *, now: datetime.datetime) -> bool:
    """Note why `mail` failed and when to try again; True when it is given up."""
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts >= MAX_ATTEMPTS:
        mail.status, mail.next_attempt_at = OutgoingMail.Status.DEAD, None
    else:
        mail.status = OutgoingMail.Status.RETRYING
        mail.next_attempt_at = now + retry_delay(mail.attempts)
    mail.save(update_fields=["status", "next_attempt_at", "last_error"])
    logger.warning("Mail %s failed (attempt %s): %s", mail.pk, mail.attempts, mail.last_error)
    return mail.status == OutgoingMail.Status.DEAD


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
    connection = get_connection(fail_silently=False)
    try:
        for mail_id in due_ids:
            if not _claim(mail_id, now=now):
                continue
            mail = OutgoingMail.objects.get(pk=mail_id)
            try:
                if not _email(mail, connection).send():
                    raise RuntimeError("the mail server accepted no recipient")
            except Exception as error:
                report.failed += 1
                report.given_up += _record_failure(mail, error, now=now)
                _close_quietly(connection)  # a broken connection must not fail the next mail
            else:
                OutgoingMail.objects.filter(pk=mail_id).update(
                    status=OutgoingMail.Status.SENT, sent_at=timezone.now(), next_attempt_at=None
                )
                report.sent += 1
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
    count = waiting.filter(status=OutgoingMail.Status.DEAD).update(
        status=OutgoingMail.Status.PENDING, attempts=0, next_attempt_at=now
    )
    count += waiting.filter(status__in=WAITING).update(next_attempt_at=now)
    transaction.on_commit(outbox_schedule_delivery)
    return count
