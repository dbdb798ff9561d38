"""An account deleted takes the alerts of its address with it (accounts, on a lower floor,
cannot know alerts exist: it deletes the user, and this receiver follows)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from localiste.alerts.services import alerts_erase_for_address


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="alerts_erase_with_account")
def alerts_erase_with_account(sender, instance, **kwargs) -> None:
    alerts_erase_for_address(email=instance.email)
