"""The people who manage a listing: invitations, departures, a change of owner."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from localiste.makers.audit import audit_record, audit_target, audit_values_mask
from localiste.makers.models import Invitation, Maker, Membership

INVITATION_SALT = "makers.invitation"
INVITATION_MAX_AGE = 14 * 24 * 3600


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email.lower()}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The open invitation `token` stands for, or ValidationError (forged, expired, used)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This invitation has expired. Ask for a new one.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This invitation link is not valid.")) from None
    invitation = Invitation.objects.select_related("maker").filter(pk=data.get("i")).first()
    if invitation is None or invitation.email.lower() != data.get("e"):
        raise ValidationError(_("This invitation was withdrawn."))
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    return invitation


@transaction.atomic
def invitation_send(
    *, maker: Maker, inviter: AbstractBaseUser, email: str, site_url: str
) -> Invitation:
    """Invite `email` to co-manage `maker`, by an email carrying a signed link."""
    email = email.strip()
    if maker.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("This person is already on the team."))
    invitation = maker.invitations.filter(email__iexact=email, accepted_at=None).first()
    if invitation is None:
        invitation = Invitation.objects.create(maker=maker, email=email, invited_by=inviter)
        # The invitation is named by its key: its address is read from it, and goes with it
        # when it is withdrawn or the invited person erases their account.
        audit_record(
            actor=inviter,
            action="team.invite",
            target=maker,
            changes={"invitation": (None, {"invitation": invitation.pk})},
        )
    path = reverse("space:invitation", kwargs={"token": invitation_token(invitation)})
    context = {"maker": maker, "inviter": inviter, "url": site_url + path}
    # Inside the transaction: the outbox stores the mail with the invitation, or neither.
    send_mail(
        _("You are invited to manage “%(name)s”") % {"name": maker.name},
        render_to_string("space/email/invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: AbstractBaseUser) -> Membership:
    """Put `user` on the team of the invitation's maker; their email must be the invited one."""
    if (user.email or "").lower() != invitation.email.lower():
        raise PermissionDenied(_("This invitation was sent to another email address."))
    membership, created = Membership.objects.get_or_create(
        user=user, maker=invitation.maker, defaults={"role": Membership.Role.MANAGER}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if created:
        audit_record(
            actor=user,
            action="team.join",
            target=audit_target(invitation),
            changes={"member": (None, user), "role": (None, membership.role)},
        )
    return membership


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, editor: AbstractBaseUser) -> None:
    """Withdraw an invitation that was not accepted yet (its link stops working)."""
    audit_record(
        actor=editor,
        action="team.cancel",
        target=audit_target(invitation),
        changes={"invitation": ({"invitation": invitation.pk}, None)},
    )
    invitation.delete()


@transaction.atomic
def member_remove(*, membership: Membership, editor: AbstractBaseUser) -> None:
    """Take `membership`'s user off the team; the owner cannot leave without a successor."""
    if membership.role == Membership.Role.OWNER:
        raise ValidationError(_("The owner cannot be removed. Transfer the ownership first."))
    leaves = editor is not None and editor.pk == membership.user_id
    audit_record(
        actor=editor,
        action="team.leave" if leaves else "team.remove",
        target=audit_target(membership),
        changes={"member": ({"user": membership.user_id}, None), "role": (membership.role, None)},
    )
    membership.delete()


@transaction.atomic
def ownership_transfer(*, maker: Maker, owner: AbstractBaseUser, new_owner: Membership) -> None:
    """Make `new_owner` (a manager of `maker`) the owner; every former owner becomes a manager."""
    if new_owner.maker_id != maker.pk:
        raise ValidationError(_("This person is not on the team."))
    owners = maker.memberships.filter(role=Membership.Role.OWNER).values_list("user_id", flat=True)
    former = [{"user": user_id} for user_id in owners]
    maker.memberships.filter(role=Membership.Role.OWNER).update(role=Membership.Role.MANAGER)
    Membership.objects.filter(pk=new_owner.pk).update(role=Membership.Role.OWNER)
    audit_record(
        actor=owner,
        action="team.transfer",
        target=maker,
        changes={"owner": (former, [{"user": new_owner.user_id}])},
    )


def contact_email_hand_on(*, maker: Maker, leaving_emails: Iterable[str], email: str, actor):
    """When `maker`'s contact email is one of `leaving_emails` (someone leaving), make it
    `email` instead, so that customers' messages stop reaching them (recorded in the history)."""
    if not maker.email or maker.email.lower() not in {e.lower() for e in leaving_emails}:
        return
    leaving_address, maker.email = maker.email, email
    maker.version += 1
    maker.save(update_fields=["email", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="maker.update",
        target=maker,
        changes={"email": (leaving_address, maker.email)},
    )


@transaction.atomic
def member_leave(*, membership: Membership, leaving_emails: Iterable[str] = ()) -> Membership:
    """Take `membership`'s user off a team that goes on without them; the heir's membership.

    When they owned the listing and nobody else does, the longest-serving other member
    becomes owner. A contact email among `leaving_emails` (the leaving person's addresses)
    becomes the heir's, so that customers' messages reach someone who still manages it.
    """
    maker = membership.maker
    others = (
        maker.memberships.exclude(pk=membership.pk)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    heir = others.filter(role=Membership.Role.OWNER).first() or others.first()
    if heir is None:
        raise ValidationError(_("This person is the only one on the team."))
    if heir.role != Membership.Role.OWNER:
        ownership_transfer(maker=maker, owner=membership.user, new_owner=heir)
        membership.refresh_from_db()
    leaving_emails = list(leaving_emails)
    contact_email_hand_on(
        maker=maker, leaving_emails=leaving_emails, email=heir.user.email, actor=membership.user
    )
    # The listing's history keeps the addresses of someone leaving (perhaps erasing their
    # account) masked only.
    audit_values_mask(target=maker, values=leaving_emails)
    member_remove(membership=membership, editor=membership.user)
    return heir
