"""Which imported listings the desk may invite to claim, and where each one stands.

An invitation goes only to a published, imported listing (a source, no team) still given by
its source, at the address that source published: `Maker.email` is the listing's private
contact address, which someone may have typed at the desk, and only the one the source made
public (`Maker.source_values["email"]`) may receive mail nobody asked for. That address must
not have opted out nor have its mail blocked (bounces, or an unsubscribe from every mail sent
in numbers), and must not have been invited in the last `CLAIM_INVITATIONS_RESEND_DAYS`, for
this listing or another one with the same address.
A listing waiting for review, suspended or refused has no claim page: it is not invited.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Lower, Trim
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localiste.mail.models import BlockedAddress
from localiste.makers.models import Maker, Membership, Source
from localiste.moderation.models import ClaimInvitation, ClaimInvitationOptOut
from localiste.moderation.selectors import DeskScope, scoped

CAP_WINDOW = datetime.timedelta(hours=24)


class Refusal(models.TextChoices):
    """Why a listing is not invited (now, or when its queued invitation came up)."""

    NOT_IMPORTED = "not_imported", _("not an imported listing")
    NOT_PUBLIC = "not_public", _("not on the site")
    CLAIMED = "claimed", _("already has a team")
    VANISHED = "vanished", _("no longer given by its source")
    NO_EMAIL = "no_email", _("no public email")
    NOT_FROM_SOURCE = "not_from_source", _("its address does not come from the source")
    OPTED_OUT = "opted_out", _("the address asked for no more invitations")
    BLOCKED = "blocked", _("mail to this address is blocked")
    QUEUED = "queued", _("already waiting for its turn")
    RECENT = "recent", _("invited recently")
    SAME_ADDRESS = "same_address", _("its address is invited for another listing")
    # Only when its turn came: the mail could not be made or stored (the error is logged).
    ERROR = "error", _("sending failed (an error, in the logs)")


def email_normalise(email: str) -> str:
    """`email` as invitations compare it: no surrounding spaces, lower case."""
    return (email or "").strip().lower()


def email_from_source(maker: Maker) -> bool:
    """Whether `maker`'s contact address is the one its source published (normalised)."""
    published = (maker.source_values or {}).get("email")
    return isinstance(published, str) and email_normalise(maker.email) == email_normalise(published)


def email_digest(email: str) -> str:
    """What the opt-out list keeps of `email`: the SHA-256 of its normalised form (not keyed,
    so that it survives a change of SECRET_KEY; see `ClaimInvitationOptOut`)."""
    return hashlib.sha256(f"claim-invitation:{email_normalise(email)}".encode()).hexdigest()


def resend_after(now: datetime.datetime) -> datetime.datetime:
    """Invitations sent since then count as recent: no other goes to the same address."""
    return now - datetime.timedelta(days=settings.CLAIM_INVITATIONS_RESEND_DAYS)


def invitations_sent_recently(*, now: datetime.datetime | None = None) -> int:
    """How many invitations went out in the 24 hours before `now` (site-wide: the cap)."""
    now = now or timezone.now()
    return ClaimInvitation.objects.filter(
        status=ClaimInvitation.Status.SENT, sent_at__gt=now - CAP_WINDOW, sent_at__lte=now
    ).count()


def invitations_waiting() -> int:
    """How many invitations wait for their turn (site-wide)."""
    return ClaimInvitation.objects.filter(status=ClaimInvitation.Status.QUEUED).count()


def with_invitation_state(queryset: QuerySet[Maker], *, now: datetime.datetime) -> QuerySet:
    """`queryset` with what deciding on an invitation needs: `has_team`, `has_queued`,
    `invited_recently`, and the newest invitation's `last_status` and `last_at`."""
    invitations = ClaimInvitation.objects.filter(maker_id=OuterRef("pk"))
    newest = invitations.order_by("-queued_at", "-pk")
    return queryset.annotate(
        has_team=Exists(Membership.objects.filter(maker_id=OuterRef("pk"))),
        has_queued=Exists(invitations.filter(status=ClaimInvitation.Status.QUEUED)),
        invited_recently=Exists(
            invitations.filter(status=ClaimInvitation.Status.SENT, sent_at__gte=resend_after(now))
        ),
        last_status=Subquery(newest.values("status")[:1]),
        last_reason=Subquery(newest.values("reason")[:1]),
        last_at=Subquery(newest.values("queued_at")[:1]),
        last_sent_at=Subquery(newest.values("sent_at")[:1]),
    )


def _addresses_refused(emails: set[str], *, now: datetime.datetime) -> dict[str, Refusal]:
    """Of `emails` (normalised), those refused whatever the listing: opted out, blocked,
    invited recently."""
    if not emails:
        return {}
    refused: dict[str, Refusal] = {}
    recent = ClaimInvitation.objects.filter(
        status=ClaimInvitation.Status.SENT, sent_at__gte=resend_after(now), email__in=emails
    )
    for email in recent.values_list("email", flat=True):
        refused[email] = Refusal.RECENT
    blocked = BlockedAddress.objects.filter(address__in=emails, blocked_at__isnull=False)
    for email in blocked.values_list("address", flat=True):
        refused[email] = Refusal.BLOCKED
    digests = {email_digest(email): email for email in emails}
    opted = ClaimInvitationOptOut.objects.filter(email_digest__in=list(digests))
    for digest in opted.values_list("email_digest", flat=True):
        refused[digests[digest]] = Refusal.OPTED_OUT
    return refused


def invitation_refusals(
    makers: Iterable[Maker], *, now: datetime.datetime, queued_ok: bool = False
) -> dict[int, Refusal | None]:
    """Why each of `makers` (annotated by `with_invitation_state`) may not be invited, or
    None for those that may; `queued_ok` when their queued invitation is the one deciding."""
    makers = list(makers)
    refused = _addresses_refused({email_normalise(m.email) for m in makers if m.email}, now=now)
    refusals: dict[int, Refusal | None] = {}
    for maker in makers:
        if not maker.source_id or not maker.source_key:
            refusal = Refusal.NOT_IMPORTED
        elif maker.has_team:
            refusal = Refusal.CLAIMED
        elif maker.status != Maker.Status.PUBLISHED:
            refusal = Refusal.NOT_PUBLIC
        elif maker.source_vanished_at is not None:
            refusal = Refusal.VANISHED
        elif not maker.email:
            refusal = Refusal.NO_EMAIL
        elif not email_from_source(maker):
            refusal = Refusal.NOT_FROM_SOURCE
        elif maker.has_queued and not queued_ok:
            refusal = Refusal.QUEUED
        elif maker.invited_recently:
            refusal = Refusal.RECENT
        else:
            refusal = refused.get(email_normalise(maker.email))
        refusals[maker.pk] = refusal
    return refusals


def invitable(queryset: QuerySet[Maker], *, now: datetime.datetime) -> QuerySet[Maker]:
    """`queryset` narrowed, in SQL, to the listings that may be invited as far as the
    listings alone tell (the address's opt-out and history are `invitation_refusals`')."""
    return (
        with_invitation_state(queryset, now=now)
        .annotate(
            email_key=Lower(Trim("email")),
            source_email_key=Lower(Trim(KT("source_values__email"))),
        )
        .filter(
            source__isnull=False,
            source_key__isnull=False,
            status=Maker.Status.PUBLISHED,
            source_vanished_at__isnull=True,
            email_key=F("source_email_key"),
            has_team=False,
            has_queued=False,
            invited_recently=False,
        )
        .exclude(email="")
    )


# --- for the desk: scoped reads ------------------------------------------------------------
def invitation_candidates(
    *, scope: DeskScope, source_id: int | None = None, territory_id: int | None = None
) -> QuerySet[Maker]:
    """The imported listings without a team that have a public address, as `scope` may see
    them, of one source or territory if given, by name."""
    listings = (
        Maker.objects.filter(source__isnull=False, source_key__isnull=False)
        .exclude(email="")
        .exclude(Exists(Membership.objects.filter(maker_id=OuterRef("pk"))))
        .select_related("source")
        .order_by("name", "pk")
    )
    if source_id is not None:
        listings = listings.filter(source_id=source_id)
    if territory_id is not None:
        listings = listings.filter(territories=territory_id)
    return scoped(listings, scope, maker_fields=("pk",))


def listings_get_for_invitation(*, scope: DeskScope, maker_ids: Iterable[int]) -> QuerySet[Maker]:
    """The imported listings `maker_ids`, every one within `scope`, or Http404."""
    maker_ids = set(maker_ids)
    listings = scoped(
        Maker.objects.filter(pk__in=maker_ids, source__isnull=False), scope, maker_fields=("pk",)
    )
    if not maker_ids or listings.count() != len(maker_ids):
        raise Http404("No such imported listing at this desk")
    return listings


def listing_get_for_invitation(*, scope: DeskScope, maker_id: int) -> Maker:
    """The imported listing `maker_id` within `scope`, or Http404."""
    return listings_get_for_invitation(scope=scope, maker_ids=[maker_id]).get()


def invitation_sources(*, scope: DeskScope) -> QuerySet[Source]:
    """The sources whose listings `scope` may invite."""
    listings = scoped(Maker.objects.filter(source_id=OuterRef("pk")), scope, maker_fields=("pk",))
    return Source.objects.filter(Exists(listings)).order_by("name")
