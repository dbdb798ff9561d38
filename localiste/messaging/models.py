"""Messages consumers send to makers (relayed by mail through the outbox of `localiste.mail`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactMessage(models.Model):
    """A consumer's message to a maker, kept for the maker's inbox until the retention ends.

    `message_hash` fingerprints (email, maker, text) so that the same message sent twice
    within a day is recognised and not relayed again.
    """

    maker = models.ForeignKey(
        "makers.Maker", on_delete=models.CASCADE, related_name="contact_messages"
    )
    product = models.ForeignKey(
        "makers.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender_name = models.CharField(_("name"), max_length=120)
    sender_email = models.EmailField(_("email"))
    sender_phone = models.CharField(_("phone"), max_length=30, blank=True)
    body = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=8, default="fr")
    message_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["maker", "-created_at"], name="contact_inbox"),
            models.Index(fields=["maker", "message_hash"], name="contact_duplicate"),
            models.Index(fields=["created_at"], name="contact_created"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_name} → {self.maker_id} ({self.created_at:%Y-%m-%d})"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
