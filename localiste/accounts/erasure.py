"""The steps of erasing an account (see `services.account_delete`, which runs them in order)."""

from dataclasses import dataclass

from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from localiste.accounts.selectors import account_emails
from localiste.core.emails import email_match
from localiste.makers import services as maker_services
from localiste.makers.models import Invitation, Maker, Membership
from localiste.makers.services.unclaim import maker_unclaim
from localiste.messaging.services import contact_message_delete, contact_messages_anonymise

# What erasing an account does to each listing its person manages.
ERASED = "erased"  # they ran it alone and created it here: it goes
KEPT = "kept"  # others manage it too: it stays with them, the person leaves its team
HANDED_BACK = "handed_back"  # they claimed an imported listing alone: it goes back to unclaimed


@dataclass(frozen=True)
class ListingFate:
    membership: Membership
    fate: str

    @property
    def maker(self) -> Maker:
        return self.membership.maker


def listings_fate(*, user, lock: bool = False) -> list[ListingFate]:
    """What erasing `user` does to each listing they manage, by name.

    The one rule both the deletion page (which says it) and `listings_settle` (which does it)
    follow. `lock`: lock the memberships for the erasure's transaction.
    """
    memberships = Membership.objects.filter(user=user).select_related("maker")
    if lock:
        memberships = memberships.select_for_update()
    fates = []
    for membership in memberships.order_by("maker__name", "pk"):
        maker = membership.maker
        if maker.memberships.exclude(user=user).exists():
            fate = KEPT
        elif maker.source_key:  # imported: it was public before they claimed it
            fate = HANDED_BACK
        else:
            fate = ERASED
        fates.append(ListingFate(membership=membership, fate=fate))
    return fates


def listings_settle(*, user) -> None:
    """Do to each of `user`'s listings what `listings_fate` says (in the caller's transaction)."""
    for listing in listings_fate(user=user, lock=True):
        if listing.fate == KEPT:
            listing_hand_over(membership=listing.membership)
        elif listing.fate == HANDED_BACK:
            listing_hand_back(membership=listing.membership)
        else:
            listing_erase(maker=listing.maker)


def listing_hand_over(*, membership: Membership) -> None:
    """Take `membership`'s user off a listing that others manage too; it stays with them."""
    maker_services.member_leave(
        membership=membership, leaving_emails=account_emails(membership.user)
    )


def listing_hand_back(*, membership: Membership) -> None:
    """Give an imported listing its person claimed back to unclaimed (`maker_unclaim`).

    The messages customers sent through it go too: they were written to the person who ran
    the listing then, hold the customers' names and addresses, and whoever claims the listing
    next (perhaps someone else entirely) must not read them. The business's public page stays.
    """
    for message in membership.maker.contact_messages.all():
        contact_message_delete(message=message)
    maker_unclaim(membership=membership, leaving_emails=account_emails(membership.user))


def listing_erase(*, maker: Maker) -> None:
    """Withdraw `maker` from the public site and the index and delete it, with its history.

    Its photos' files go once the erasure has committed.
    """
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Maker), object_id=str(maker.pk)
    ).delete()
    maker_services.maker_delete(maker=maker)


def traces_erase(*, user) -> None:
    """Erase what names `user` outside their own rows: admin history, invitations, mail."""
    emails = account_emails(user)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).delete()
    Invitation.objects.filter(email_match(emails, "email")).delete()
    contact_messages_anonymise(emails=emails)


def user_sessions_end(*, user) -> None:
    """Log `user` out everywhere: every session of theirs is deleted from the session store."""
    for session in UserSession.objects.filter(user=user):
        session.end()
