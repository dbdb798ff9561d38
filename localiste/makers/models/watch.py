"""What the operators watch over: reports from visitors, suspected duplicates, old addresses.

The desk (`localiste.moderation`) reads and decides on them; they live here, low, because
the public maker page takes reports, submission and imports look for duplicates, and the
maker page answers an old address after a merge.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from localiste.core.models import TimeStampedModel


class Report(TimeStampedModel):
    """A visitor saying something is wrong with a listing. A report alone hides nothing."""

    class Reason(models.TextChoices):
        WRONG_INFO = "wrong_info", _("The information is wrong or out of date")
        CLOSED = "closed", _("The workshop has closed")
        NOT_MADE_HERE = "not_made_here", _("They resell goods they do not make")
        FOOD = "food", _("They sell food or drink")
        DUPLICATE = "duplicate", _("This maker is listed twice")
        OFFENSIVE = "offensive", _("Offensive, misleading or illegal content")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting")
        DISMISSED = "dismissed", _("dismissed")
        ACTED = "acted", _("acted on")

    maker = models.ForeignKey("makers.Maker", on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    email = models.EmailField(_("email (optional)"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="report_queue")]

    def __str__(self) -> str:
        return f"{self.maker_id}: {self.get_reason_display()}"


class DuplicateCandidate(TimeStampedModel):
    """Two listings that may be one maker, and why: the signals that matched.

    The pair is stored once, the lower id first (`maker`, `other`). Dismissed pairs are
    not suggested again; merged ones are kept for the record.
    """

    class Signal(models.TextChoices):
        SIRET = "siret", _("same SIRET")
        EMAIL = "email", _("same email")
        PHONE = "phone", _("same phone")
        WEBSITE = "website", _("same website")
        NAME_NEARBY = "name_nearby", _("similar name nearby")

    class Status(models.TextChoices):
        OPEN = "open", _("to check")
        DISMISSED = "dismissed", _("not the same maker")
        MERGED = "merged", _("merged")

    maker = models.ForeignKey(
        "makers.Maker", on_delete=models.CASCADE, related_name="duplicate_candidates"
    )
    other = models.ForeignKey("makers.Maker", on_delete=models.CASCADE, related_name="+")
    signals = models.JSONField(_("signals"), default=list)
    score = models.FloatField(_("score"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["maker", "other"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(maker__lt=models.F("other")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="duplicate_queue")]

    def __str__(self) -> str:
        return f"{self.maker_id} ~ {self.other_id} ({', '.join(self.signals)})"


class SlugRedirect(models.Model):
    """An address a listing had (before a merge, or a rename by an operator): it answers 301."""

    old_slug = models.SlugField(_("old address"), max_length=140, unique=True)
    maker = models.ForeignKey("makers.Maker", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.maker_id}"
