"""People claiming an imported listing as theirs."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.makers.audit import audit_record
from localiste.makers.models import Claim, Maker, Membership
from localiste.metrics.limits import rate_limit_consume

CLAIM_SALT = "makers.claim"
CLAIM_MAX_AGE = 7 * 24 * 3600
# One claim link a day to a listing's address, whoever asks: the address is not theirs yet.
CLAIM_MAIL_LIMIT = (1, 24 * 3600)  # mails, seconds


class ClaimMailLimited(ValidationError):
    """A claim link went to the listing's address less than a day ago; no other goes yet."""


def maker_is_claimable(maker: Maker) -> bool:
    """Whether `maker` is an imported listing that nobody manages yet."""
    return bool(maker.source_key) and not maker.memberships.exists()


def claim_token(claim: Claim) -> str:
    return signing.dumps({"c": claim.pk, "u": claim.user_id}, salt=CLAIM_SALT)


@transaction.atomic
def claim_start(*, maker: Maker, user: AbstractBaseUser, message: str, site_url: str) -> Claim:
    """`user` says `maker` is theirs: a link goes to the listing's email, else to operators."""
    if not maker_is_claimable(maker):
        raise ValidationError(_("This listing already has a team; it cannot be claimed."))
    open_claim = maker.claims.filter(
        user=user, status__in=[Claim.Status.SENT, Claim.Status.REQUESTED]
    ).first()
    if open_claim is not None and open_claim.status == Claim.Status.REQUESTED:
        return open_claim
    status = Claim.Status.SENT if maker.email else Claim.Status.REQUESTED
    claim = open_claim or Claim(maker=maker, user=user)
    claim.status, claim.sent_to, claim.message = status, maker.email, message
    if status == Claim.Status.SENT:
        _claim_mail_allow(maker)
    claim.save()
    if status == Claim.Status.SENT:
        path = reverse("space:claim_confirm", kwargs={"token": claim_token(claim)})
        context = {"maker": maker, "url": site_url + path, "user": user}
        # Inside the transaction: the outbox stores the mail with the claim, or neither.
        send_mail(
            _("Confirm that “%(name)s” is your workshop") % {"name": maker.name},
            render_to_string("space/email/claim.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [maker.email],
        )
    return claim


def _claim_mail_allow(maker: Maker) -> None:
    """Count a claim mail to `maker`'s address, or ClaimMailLimited if one went out today.

    Counted in the caller's transaction: a claim that fails does not use up the day's mail.
    """
    limit, window = CLAIM_MAIL_LIMIT
    hit = rate_limit_consume(
        scope="claim-mail", key=str(maker.pk), limit=limit, window_seconds=window
    )
    if not hit.allowed:
        hours = max(1, math.ceil(hit.retry_after / 3600))
        raise ClaimMailLimited(
            ngettext(
                "A confirmation link went to this listing's email address less than a day "
                "ago. Look for it in that mailbox, or ask again in %(hours)d hour.",
                "A confirmation link went to this listing's email address less than a day "
                "ago. Look for it in that mailbox, or ask again in %(hours)d hours.",
                hours,
            )
            % {"hours": hours},
            code="claim_mail_limited",
        )


def claim_from_token(*, token: str, user: AbstractBaseUser) -> Claim:
    """The claim `token` confirms, for `user` who made it, or ValidationError."""
    try:
        data = signing.loads(token, salt=CLAIM_SALT, max_age=CLAIM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired. Claim the listing again.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    claim = Claim.objects.select_related("maker").filter(pk=data.get("c")).first()
    if claim is None or claim.user_id != data.get("u") or claim.user_id != user.pk:
        raise ValidationError(_("Log in with the account that claimed this listing."))
    if claim.status != Claim.Status.SENT:
        raise ValidationError(_("This claim is already settled."))
    return claim


@transaction.atomic
def claim_accept(*, claim: Claim) -> Membership:
    """Make the claimant the owner of the listing (after the email link or an operator)."""
    maker = Maker.objects.select_for_update().get(pk=claim.maker_id)
    if not maker_is_claimable(maker):
        raise ValidationError(_("This listing already has a team; it cannot be claimed."))
    membership = Membership.objects.create(user=claim.user, maker=maker, role=Membership.Role.OWNER)
    claim.status = Claim.Status.ACCEPTED
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_at"])
    maker.claims.exclude(pk=claim.pk).filter(
        status__in=[Claim.Status.SENT, Claim.Status.REQUESTED]
    ).update(status=Claim.Status.REJECTED, decided_at=claim.decided_at)
    # By whoever accepts it: the claimant following the mailed link, or an operator.
    audit_record(
        actor=None,
        action="team.claim",
        target=maker,
        changes={"member": (None, {"user": claim.user_id}), "role": (None, membership.role)},
    )
    return membership


@transaction.atomic
def claim_reject(*, claim: Claim) -> Claim:
    """Refuse `claim` (operators)."""
    claim.status = Claim.Status.REJECTED
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_at"])
    return claim
