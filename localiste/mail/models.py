"""Mail waiting in the outbox, and the addresses that no longer receive it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """One email waiting in the outbox, sent, being retried after a failure, or given up.

    The whole email is stored when it is queued (text, HTML alternative, attachments,
    headers), so that delivery needs nothing else and survives restarts. A worker claims a
    due mail by pushing `next_attempt_at` forward (a lease), so two workers never send the
    same mail and a crashed worker's mail comes back. `reference` names what the mail is
    about ("messaging.contactmessage:12"), so that the app that sent it can find it again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("failed, retrying")
        DEAD = "dead", _("given up")
        SUPPRESSED = "blocked", _("not sent: address blocked")

    class Kind(models.TextChoices):
        TRANSACTIONAL = "transactional", _("asked for (account, message, invitation)")
        BULK = "bulk", _("sent in numbers (alerts, digests, campaigns)")

    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("copy to"), default=list, blank=True)
    bcc = models.JSONField(_("hidden copy to"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    # [[content, mimetype]] (an HTML version), [{"name", "content", "mimetype"}] (base64).
    alternatives = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.TRANSACTIONAL
    )
    reference = models.CharField(_("about"), max_length=80, blank=True, db_index=True)
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
                name="mail_outbox_due",
            ),
            models.Index(fields=["created_at"], name="mail_outbox_created"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.get_status_display()})"

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]


class BlockedAddress(models.Model):
    """An address the site stops writing to: it bounced too often, or unsubscribed.

    A hard-bouncing address gets no mail at all; one that unsubscribed from mail sent in
    numbers (`bulk_only`) still gets what it asks for (a password reset, a reply).
    """

    class Reason(models.TextChoices):
        BOUNCES = "bounces", _("mail to it keeps failing")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    address = models.EmailField(_("address"), unique=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    bulk_only = models.BooleanField(_("only mail sent in numbers"), default=False)
    failures = models.PositiveSmallIntegerField(_("failures"), default=0)
    blocked_at = models.DateTimeField(_("blocked since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("blocked address")
        verbose_name_plural = _("blocked addresses")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.address

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None
