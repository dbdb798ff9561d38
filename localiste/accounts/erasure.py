"""The steps of erasing an account (see `services.account_delete`, which runs them in order)."""

from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from localiste.accounts.selectors import account_emails
from localiste.core.emails import email_match
from localiste.makers import services as maker_services
from localiste.makers.models import Invitation, Maker, Membership
from localiste.messaging.services import contact_messages_anonymise


def listing_hand_over(*, membership: Membership) -> None:
    """Take `membership`'s user off a listing that others manage too; it stays with them."""
    maker_services.member_leave(
        membership=membership, leaving_emails=account_emails(membership.user)
    )


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
