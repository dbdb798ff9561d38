"""The steps of erasing an account (see `services.account_delete`, which runs them in order)."""

from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db.models import Q

from localiste.accounts.selectors import account_emails, email_match
from localiste.makers import services as maker_services
from localiste.makers.images import photo_files
from localiste.makers.models import Invitation, Maker, Membership
from localiste.makers.services.search_sync import search_reindex


def listing_hand_over(*, maker: Maker, leaving) -> None:
    """Take `leaving` off the team of `maker`; the longest-serving other member inherits it.

    When `leaving` owned it and nobody else does, the next member becomes owner; a contact
    email that was theirs becomes the new owner's, so customers' messages reach a person
    who still manages the listing.
    """
    others = (
        maker.memberships.exclude(user=leaving).select_related("user").order_by("created_at", "pk")
    )
    heir = others.filter(role=Membership.Role.OWNER).first()
    if heir is None:
        heir = others.first()
        heir.role = Membership.Role.OWNER
        heir.save(update_fields=["role", "updated_at"])
    if maker.email and maker.email.lower() in account_emails(leaving):
        maker.email = heir.user.email
        maker.save(update_fields=["email", "updated_at"])
    maker.memberships.filter(user=leaving).delete()


def listing_erase(*, maker: Maker) -> list[str]:
    """Withdraw `maker` from the public site and the index, delete it; its files to delete.

    The files are left to the caller, to delete once the erasure has committed.
    """
    if maker.is_published:
        maker_services.maker_withdraw(maker=maker)
    files = [name for photo in maker.photos.all() for name in photo_files(photo)]
    maker_id = maker.pk
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Maker), object_id=str(maker_id)
    ).delete()
    maker.delete()
    search_reindex(maker_id=maker_id)
    return files


def traces_erase(*, user) -> None:
    """Erase what names `user` outside their own rows: admin history, invitations, mail."""
    emails = account_emails(user)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).delete()
    Invitation.objects.filter(email_match(emails, "email")).delete()
    messages_erase(emails=emails)


def messages_erase(*, emails: set[str]) -> None:
    """Anonymise the messages these addresses sent to makers, and drop mail addressed to them.

    The makers keep the text they received; who sent it is forgotten.
    """
    if not apps.is_installed("localiste.messaging"):
        return
    contact_message = apps.get_model("messaging", "ContactMessage")
    outgoing_mail = apps.get_model("messaging", "OutgoingMail")
    contact_message.objects.filter(email_match(emails, "sender_email")).update(
        sender_name="", sender_email="", sender_phone="", message_hash=""
    )
    for email in emails:
        outgoing_mail.objects.filter(Q(to__icontains=email) | Q(reply_to__icontains=email)).delete()


def user_sessions_end(*, user) -> None:
    """Log `user` out everywhere: every session of theirs is deleted from the session store."""
    for session in UserSession.objects.filter(user=user):
        session.end()


def media_files_delete(*, names: list[str]) -> None:
    """Delete these files from the media storage; those already gone are no error."""
    for name in names:
        default_storage.delete(name)
