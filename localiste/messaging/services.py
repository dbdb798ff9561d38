"""Writes of the messaging app: contact messages in, relayed by mail, purged in time.

Their mails go through Django's mail API like every other (the EMAIL_BACKEND is the outbox
of `localiste.mail`), each tagged with the message it relays (`message_reference`).
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from localiste.core.emails import email_match
from localiste.mail.outbox import outbox_forget, outbox_headers
from localiste.makers.models import Maker, Product
from localiste.messaging.models import ContactMessage
from localiste.messaging.spam import message_fingerprint
from localiste.metrics.services import count_increment

DUPLICATE_WINDOW = datetime.timedelta(hours=24)


def message_reference(message_id: int) -> str:
    """What the outbox calls the mails of contact message `message_id`."""
    return f"messaging.contactmessage:{message_id}"


def _send(message: ContactMessage, *, to: str, subject: str, body: str, reply_to=()) -> None:
    headers = outbox_headers(reference=message_reference(message.pk))
    EmailMessage(subject, body, to=[to], reply_to=list(reply_to), headers=headers).send()


def _maker_mail(message: ContactMessage, *, site_url: str) -> tuple[str, str]:
    """Subject and body of the relay to the maker, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "message": message,
            "site_name": settings.SITE_NAME,
            "inbox_url": site_url + reverse("space:inbox", kwargs={"slug": message.maker.slug}),
        }
        if message.product:
            subject = _("About “%(product)s”: a message from %(name)s") % {
                "product": message.product.name,
                "name": message.sender_name,
            }
        else:
            subject = _("A message from %(name)s via %(site)s") % {
                "name": message.sender_name,
                "site": settings.SITE_NAME,
            }
        return subject, render_to_string("messaging/email/to_maker.txt", context)


def _copy_mail(message: ContactMessage, *, site_url: str) -> tuple[str, str]:
    """Subject and body of the consumer's copy, in the language they wrote in."""
    with translation.override(message.language):
        context = {
            "message": message,
            "site_name": settings.SITE_NAME,
            "maker_url": site_url + message.maker.get_absolute_url(),
            "retention_days": settings.MESSAGE_RETENTION_DAYS,
        }
        subject = _("Your message to %(maker)s") % {"maker": message.maker.name}
        return subject, render_to_string("messaging/email/copy_to_sender.txt", context)


@transaction.atomic
def contact_message_submit(
    *,
    maker: Maker,
    sender_name: str,
    sender_email: str,
    body: str,
    sender_phone: str = "",
    product: Product | None = None,
    language: str = "",
    site_url: str,
) -> ContactMessage | None:
    """Store a consumer's message and queue its relay to the maker and a copy to the sender.

    The maker gets it with Reply-To set to the sender, so answering is one click; the
    maker's address is never shown to the sender. The same message sent again within a day
    is recognised and dropped (None is returned). `site_url` is the scheme and host that
    links in the emails start with.
    """
    fingerprint = message_fingerprint(email=sender_email, maker_id=maker.pk, body=body)
    since = timezone.now() - DUPLICATE_WINDOW
    if ContactMessage.objects.filter(
        maker=maker, message_hash=fingerprint, created_at__gte=since
    ).exists():
        return None
    message = ContactMessage.objects.create(
        maker=maker,
        product=product,
        sender_name=sender_name,
        sender_email=sender_email,
        sender_phone=sender_phone,
        body=body,
        language=language or settings.LANGUAGE_CODE,
        message_hash=fingerprint,
    )
    site_url = site_url.rstrip("/")
    if maker.email:
        subject, text = _maker_mail(message, site_url=site_url)
        _send(message, to=maker.email, subject=subject, body=text, reply_to=[sender_email])
    subject, text = _copy_mail(message, site_url=site_url)
    _send(message, to=sender_email, subject=subject, body=text)
    count_increment(kind="maker.contact", object_id=maker.pk)
    return message


@transaction.atomic
def contact_message_mark_answered(*, message: ContactMessage, answered: bool = True) -> None:
    """Mark `message` as answered by the maker (or not answered again)."""
    message.answered_at = timezone.now() if answered else None
    message.save(update_fields=["answered_at"])


@transaction.atomic
def contact_message_delete(*, message: ContactMessage) -> None:
    """Delete `message` and the mail that relayed it (an operator removing abuse, say)."""
    message.delete()


@transaction.atomic
def contact_messages_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete contact messages older than the retention, and mail about nothing older than
    that; how many messages went (their own mails go with them: `receivers`)."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.MESSAGE_RETENTION_DAYS)
    deleted, by_model = ContactMessage.objects.filter(created_at__lt=limit).delete()
    outbox_forget(before=limit)  # account mails and others about no message
    return by_model.get(ContactMessage._meta.label, 0)


@transaction.atomic
def contact_messages_anonymise(*, emails: Iterable[str]) -> None:
    """Forget who sent the messages from these addresses; drop the mail to or from them.

    The makers keep the text they received. Addresses match exactly (ignoring case), so
    erasing ulee@… leaves the mail of mjulee@… alone.
    """
    emails = {email.lower() for email in emails}
    ContactMessage.objects.filter(email_match(emails, "sender_email")).update(
        sender_name="", sender_email="", sender_phone="", message_hash=""
    )
    outbox_forget(addresses=emails)
