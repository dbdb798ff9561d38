"""Writes of the messaging app: contact messages in, relayed by the outbox, purged in time."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from localiste.core.emails import email_match
from localiste.makers.models import Maker, Product
from localiste.messaging.models import ContactMessage, OutgoingMail
from localiste.messaging.outbox import outbox_enqueue
from localiste.messaging.spam import message_fingerprint
from localiste.metrics.services import count_increment

DUPLICATE_WINDOW = datetime.timedelta(hours=24)


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
        outbox_enqueue(
            to=[maker.email],
            reply_to=[sender_email],
            subject=subject,
            body=text,
            contact_message=message,
        )
    subject, text = _copy_mail(message, site_url=site_url)
    outbox_enqueue(to=[sender_email], subject=subject, body=text, contact_message=message)
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
    """Delete contact messages (and their mails) older than the retention; how many went."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.MESSAGE_RETENTION_DAYS)
    OutgoingMail.objects.filter(contact_message__isnull=True, created_at__lt=limit).delete()
    deleted, by_model = ContactMessage.objects.filter(created_at__lt=limit).delete()
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
    candidates = OutgoingMail.objects.none()
    for email in emails:
        candidates |= OutgoingMail.objects.filter(
            Q(to__icontains=email) | Q(reply_to__icontains=email)
        )
    named = [
        mail.pk
        for mail in candidates.only("pk", "to", "reply_to")
        if emails & {address.lower() for address in [*mail.to, *mail.reply_to]}
    ]
    OutgoingMail.objects.filter(pk__in=named).delete()
