"""Changes to a published listing that wait for the operators while the public page stays up."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from localiste.core.models import TimeStampedModel


class MakerRevision(TimeStampedModel):
    """Pending changes to the reviewed fields (settings.REVIEWED_FIELDS) of a published maker.

    `changes` maps field names to their proposed values, as JSON: `name`, `street`,
    `postcode`, `locality`, `country`, `place_id`, `latitude`, `longitude`,
    `primary_category_id` and `other_category_ids`. A maker has at most one pending
    revision: later edits are merged into it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    maker = models.ForeignKey("makers.Maker", on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField(_("proposed changes"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
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
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["maker"],
                condition=models.Q(status="pending"),
                name="makerrevision_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.maker} · {', '.join(sorted(self.changes))}"
