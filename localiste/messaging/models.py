"""Messages consumers send to makers, and the outbox that relays them by email."""

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


class OutgoingMail(models.Model):
    """One email waiting in the outbox, sent, being retried after a failure, or given up.

    The whole email is stored when it is queued, so that delivery needs nothing else and
    survives restarts. A worker claims a due mail by pushing `next_attempt_at` forward (a
    lease), so two workers never send the same mail and a crashed worker's mail comes back.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("failed, retrying")
        DEAD = "dead", _("given up")

    contact_message = models.ForeignKey(
        ContactMessage,
        verbose_name=_("contact message"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outgoing_mails",
    )
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status__in=["pending", "retrying"]),
                name="outbox_due",
            ),
            models.Index(fields=["created_at"], name="outbox_created"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.get_status_display()})"
