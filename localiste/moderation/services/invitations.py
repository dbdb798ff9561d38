"""Inviting the people behind imported listings to claim them, a few a day.

An operator invites one listing, a selection, or every listing of a source still to invite
(`invitation_selectors` says which may be). Each invitation is queued, then sent in its turn:
at most `CLAIM_INVITATIONS_PER_DAY` go out in any 24 hours, site-wide, so that a big import
does not make the site's mail look like spam; the rest wait for the hourly job
(`tasks.claim_invitations_task`), which sends the next ones as the window frees up. When an
invitation's turn comes it is checked again: one whose listing was claimed or withdrawn
meanwhile, or whose address opted out, is cancelled with the reason; one that fails to go
out (an error, logged) is cancelled too, and the next one is sent.

The mail, in the listing's language, says where its data came from, what the site is, and
links to the listing's claim page (the usual claim: an account, then a link to that same
address makes the claimant the owner) and to a page where the address opts out of any
further invitation. It is mail sent in numbers: it carries List-Unsubscribe and
List-Unsubscribe-Post (RFC 8058) from the mail layer, and the outbox does not deliver it to
an address that unsubscribed from such mail.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from localiste.core.site_url import absolute_url
from localiste.makers.models import Maker
from localiste.makers.services.notices import maker_language, maker_mail, maker_reference
from localiste.moderation.invitation_selectors import (
    Refusal,
    email_digest,
    email_normalise,
    invitable,
    invitation_refusals,
    invitations_sent_recently,
    with_invitation_state,
)
from localiste.moderation.models import ClaimInvitation, ClaimInvitationOptOut

logger = logging.getLogger(__name__)

OPT_OUT_SALT = "moderation.claim-invitation.opt-out"
CHUNK = 500  # listings queued per transaction
# Senders (and batches queuing) take this PostgreSQL advisory lock, so that two of them never
# both see room under the cap; SQLite's IMMEDIATE transactions already take turns.
SENDERS_LOCK = 0x4C4F4349
# A run stops after this many invitations failed one after the other: something is broken for
# all of them (a template, the site's address), and the rest had better wait in the queue than
# all be cancelled.
FAILURES_IN_A_ROW = 5


@dataclass
class InvitationBatch:
    """What inviting a set of listings did: queued, of which sent at once, and skipped."""

    queued: int = 0
    sent: int = 0
    skipped: Counter = field(default_factory=Counter)  # Refusal → listings

    @property
    def waiting(self) -> int:
        return max(self.queued - self.sent, 0)


@dataclass
class InvitationRun:
    """What one sending run did."""

    sent: int = 0
    cancelled: int = 0
    failed: int = 0  # could not be sent (an error, logged): cancelled too
    waiting: int = 0  # still queued after it (the cap was reached)


def opt_out_token(email: str) -> str:
    """The signed part of `email`'s opt-out link (good for ever: a no is a no)."""
    return signing.dumps({"e": email_normalise(email)}, salt=OPT_OUT_SALT, compress=True)


def opt_out_email(token: str) -> str | None:
    """The address an opt-out token was made for, or None when it is not one of ours."""
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    email = data.get("e") if isinstance(data, dict) else None
    return email if isinstance(email, str) and email else None


def _require_site_url() -> None:
    if not settings.SITE_URL:
        raise ValidationError(
            _("Invitations carry links to the site: set SITE_URL before sending them."),
            code="no_site_url",
        )


def _take_turn() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SENDERS_LOCK])


def claim_invite(
    *, maker: Maker, operator: AbstractBaseUser, now: datetime.datetime | None = None
) -> InvitationBatch:
    """Invite `maker` to be claimed (sent at once unless the day's cap is reached), or
    ValidationError saying why it may not be."""
    batch = claim_invite_batch(
        listings=Maker.objects.filter(pk=maker.pk), operator=operator, now=now, strict=True
    )
    if batch.skipped:
        refusal = next(iter(batch.skipped))
        raise ValidationError(
            _("This listing cannot be invited: %(reason)s.") % {"reason": refusal.label},
            code=refusal.value,
        )
    return batch


def claim_invite_batch(
    *,
    listings: QuerySet[Maker],
    operator: AbstractBaseUser,
    now: datetime.datetime | None = None,
    strict: bool = False,
) -> InvitationBatch:
    """Queue an invitation for each of `listings` that may have one, then send what the
    day's cap allows; the others go out in the next days. What was queued, sent, skipped.

    Without `strict`, the listings are first narrowed in SQL to those that may be invited
    (for "every listing of this source"), so that skipped counts only the addresses' reasons.
    """
    _require_site_url()
    now = now or timezone.now()
    batch = InvitationBatch()
    base = with_invitation_state(listings, now=now) if strict else invitable(listings, now=now)
    base = base.only(
        "pk", "email", "status", "source", "source_key", "source_values", "source_vanished_at"
    ).order_by("pk")
    last_pk = 0
    while True:
        with transaction.atomic():
            _take_turn()
            chunk = list(base.filter(pk__gt=last_pk)[:CHUNK])
            if not chunk:
                break
            last_pk = chunk[-1].pk
            batch.queued += _queue(chunk, operator=operator, now=now, skipped=batch.skipped)
    if batch.queued:
        batch.sent = claim_invitations_send_due(now=now).sent
    return batch


def _queue(chunk: list[Maker], *, operator, now, skipped: Counter) -> int:
    """Queue invitations for the listings of `chunk` that may have one; how many."""
    refusals = invitation_refusals(chunk, now=now)
    waiting = set(
        ClaimInvitation.objects.filter(
            status=ClaimInvitation.Status.QUEUED,
            email__in={email_normalise(m.email) for m in chunk if m.email},
        ).values_list("email", flat=True)
    )
    rows = []
    for maker in chunk:
        refusal = refusals[maker.pk]
        email = email_normalise(maker.email)
        if refusal is None and email in waiting:
            refusal = Refusal.SAME_ADDRESS  # one invitation at a time to one address
        if refusal is not None:
            skipped[refusal] += 1
            continue
        waiting.add(email)
        rows.append(ClaimInvitation(maker=maker, email=email, invited_by=operator, queued_at=now))
    ClaimInvitation.objects.bulk_create(rows)
    return len(rows)


def claim_invitations_send_due(*, now: datetime.datetime | None = None) -> InvitationRun:
    """Send the queued invitations, oldest first, as long as the last 24 hours have room
    under the cap; cancel those that became pointless, and those that fail (logged), so
    that one broken invitation never holds up the queue. What was done."""
    now = now or timezone.now()
    run = InvitationRun()
    failures_in_a_row = 0
    queued = ClaimInvitation.objects.filter(
        status=ClaimInvitation.Status.QUEUED, queued_at__lte=now
    ).order_by("queued_at", "pk")
    if not settings.SITE_URL:
        logger.warning("Claim invitations wait: SITE_URL is not set")
        run.waiting = queued.count()
        return run
    while True:
        with transaction.atomic():
            _take_turn()
            if invitations_sent_recently(now=now) >= settings.CLAIM_INVITATIONS_PER_DAY:
                break
            # Each one leaves the queue (sent or cancelled): the next is the new first.
            invitation = queued.first()
            if invitation is None:
                break
            try:
                # A savepoint: a failing invitation leaves nothing half-written behind it.
                with transaction.atomic():
                    sent = _send(invitation, now=now)
            except Exception:
                # Left queued, it would come first again every hour and hold up the others.
                logger.exception("Claim invitation %s could not be sent", invitation.pk)
                ClaimInvitation.objects.filter(pk=invitation.pk).update(
                    status=ClaimInvitation.Status.CANCELLED, reason=Refusal.ERROR
                )
                run.failed += 1
                failures_in_a_row += 1
                if failures_in_a_row >= FAILURES_IN_A_ROW:
                    break
                continue
            failures_in_a_row = 0
            if sent:
                run.sent += 1
            else:
                run.cancelled += 1
    if failures_in_a_row >= FAILURES_IN_A_ROW:
        logger.error("Claim invitations stopped after %s failures in a row", failures_in_a_row)
    run.waiting = queued.count()
    return run


def _send(invitation: ClaimInvitation, *, now: datetime.datetime) -> bool:
    """Send `invitation` if it still makes sense (True), else cancel it with the reason."""
    maker = (
        with_invitation_state(Maker.objects.filter(pk=invitation.maker_id), now=now)
        .select_related("source")
        .get()
    )
    # Checked again now: claimed, withdrawn or opted out since it was queued. The listing's
    # address of today is the one checked and written to.
    refusal = invitation_refusals([maker], now=now, queued_ok=True)[maker.pk]
    email = email_normalise(maker.email)
    if refusal is not None:
        invitation.status, invitation.reason = ClaimInvitation.Status.CANCELLED, refusal.value
        invitation.save(update_fields=["status", "reason"])
        return False
    message = _invitation_mail(maker, email=email)
    # Stored in the outbox in this transaction: the invitation is sent, and its mail kept.
    message.send()
    invitation.status, invitation.sent_at, invitation.email = (
        ClaimInvitation.Status.SENT,
        now,
        email,
    )
    invitation.save(update_fields=["status", "sent_at", "email"])
    return True


def _invitation_mail(maker: Maker, *, email: str):
    with translation.override(maker_language(maker)):
        context = {
            "source": maker.source,
            "maker_url": absolute_url(None, maker.get_absolute_url()),
            "claim_url": absolute_url(None, reverse("space:claim", kwargs={"slug": maker.slug})),
            "opt_out_url": absolute_url(
                None,
                reverse("moderation:invitation_opt_out", kwargs={"token": opt_out_token(email)}),
            ),
            "home_url": absolute_url(None, reverse("discovery:home")),
        }
    return maker_mail(
        maker=maker,
        template="moderation/email/claim_invitation",
        context=context,
        bulk=True,
        reference=maker_reference(maker, "claim_invitation"),
    )


@transaction.atomic
def claim_invitations_opt_out(*, email: str) -> ClaimInvitationOptOut:
    """Send `email` no more invitations to claim a listing, whatever the listing, now or
    after it is imported again; its queued ones are cancelled."""
    opt_out, _created = ClaimInvitationOptOut.objects.get_or_create(
        email_digest=email_digest(email)
    )
    ClaimInvitation.objects.filter(
        status=ClaimInvitation.Status.QUEUED, email=email_normalise(email)
    ).update(status=ClaimInvitation.Status.CANCELLED, reason=Refusal.OPTED_OUT)
    return opt_out
