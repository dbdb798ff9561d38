"""An imported listing goes back to unclaimed when the person who claimed it leaves."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from localiste.makers.audit import audit_record, audit_target, audit_values_mask
from localiste.makers.models import Invitation, Maker, MakerRevision, Membership
from localiste.makers.services.team import contact_email_hand_on


@transaction.atomic
def maker_unclaim(*, membership: Membership, leaving_emails: Iterable[str] = ()) -> Maker:
    """Hand `membership`'s imported listing back to unclaimed: it stays public, claimable again.

    What the listing says of the business (name, address, trades, products, photos) is the
    business's public page, not the leaving person's data: it stays, as it stayed before
    anyone claimed it. What is theirs goes: their membership, the contact email when it is
    one of their own addresses (`leaving_emails`) — back to the one the source gave, which
    is the business's published address, else none — the team's edits still waiting for
    review and the invitations the team sent. The history keeps their addresses masked only.
    With no team left, `maker_is_claimable` holds again: the next claimant goes through the
    claim flow. The messages customers wrote to the team are erased by the caller
    (`localiste.messaging` sits above this app).
    """
    maker = Maker.objects.select_for_update().get(pk=membership.maker_id)
    leaving_emails = [email for email in leaving_emails if email]
    source_email = str(maker.source_values.get("email") or "")
    contact_email_hand_on(
        maker=maker, leaving_emails=leaving_emails, email=source_email, actor=membership.user
    )
    MakerRevision.objects.filter(maker=maker, status=MakerRevision.Status.PENDING).delete()
    Invitation.objects.filter(maker=maker).delete()
    audit_record(
        actor=membership.user,
        action="team.leave",
        target=audit_target(membership),
        changes={"member": ({"user": membership.user_id}, None), "role": (membership.role, None)},
    )
    membership.delete()
    audit_values_mask(target=maker, values=leaving_emails)
    return maker
