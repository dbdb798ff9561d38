"""A contact message takes its mails with it, however it is deleted (by a maker's erasure too)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from localiste.mail.outbox import outbox_forget
from localiste.messaging.models import ContactMessage
from localiste.messaging.services import message_reference


@receiver(post_delete, sender=ContactMessage, dispatch_uid="messaging.message_mails")
def forget_message_mails(sender, instance: ContactMessage, **kwargs) -> None:
    outbox_forget(references=[message_reference(instance.pk)])
