"""When each person was last active, so that abandoned accounts can be warned, then erased."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountActivity(models.Model):
    """The last time `user` signed in, edited something or confirmed a listing from a mail.

    `warned_at` is when they were told their account would be deleted for inactivity; any
    activity afterwards clears it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity"
    )
    last_active_at = models.DateTimeField(_("last active"), db_index=True)
    warned_at = models.DateTimeField(_("warned of deletion"), null=True, blank=True)

    class Meta:
        verbose_name = _("account activity")
        verbose_name_plural = _("account activity")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.last_active_at:%Y-%m-%d}"
