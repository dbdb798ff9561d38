"""A person saying "this imported listing is my workshop"."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Claim(models.Model):
    """A request to manage an imported listing that has nobody on its team yet.

    When the listing has a known email, a signed link goes there (status `sent`) and
    following it while logged in as the claimant makes them the owner. Otherwise the
    operators decide (status `requested`).
    """

    class Status(models.TextChoices):
        SENT = "sent", _("link sent to the listing's email")
        REQUESTED = "requested", _("waiting for the operators")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    maker = models.ForeignKey("makers.Maker", on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimant"),
        on_delete=models.CASCADE,
        related_name="maker_claims",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    sent_to = models.EmailField(_("link sent to"), blank=True)
    message = models.TextField(_("message to the operators"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.maker} ({self.get_status_display()})"
