"""A contact message takes its mails with it, however it is deleted (by a maker's erasure too),
and follows its listing when it is merged into another."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from localiste.mail.outbox import outbox_forget
from localiste.makers.signals import maker_merged
from localiste.messaging.models import ContactMessage
from localiste.messaging.services import message_reference


@receiver(post_delete, sender=ContactMessage, dispatch_uid="messaging.message_mails")
def forget_message_mails(sender, instance: ContactMessage, **kwargs) -> None:
    outbox_forget(references=[message_reference(instance.pk)])


@receiver(maker_merged, dispatch_uid="messaging.messages_follow_merge")
def messages_follow_merge(sender, survivor_id: int, absorbed_id: int, **kwargs) -> None:
    """The messages sent to a listing merged away go to the inbox of the one it joined."""
    ContactMessage.objects.filter(maker_id=absorbed_id).update(maker_id=survivor_id)
