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
    revision: later edits of its team are merged into it. What an import's source says of
    the listing is never merged here: it waits apart, as a `SourceProposal`.
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


class SourceProposal(TimeStampedModel):
    """What a source now says of fields that someone edited here since the last import.

    A re-sync never overwrites such a field (see `makers.services.imports`): it proposes the
    source's value instead, for the operators to apply or dismiss. Apart from MakerRevision
    on purpose: a maker's pending revision holds what the team wants, this what the source
    says, and the two are decided on separately (one may be approved and the other not).

    `changes` maps importable field names to the source's values as `Maker.source_values`
    keeps them (a commune or a category by its id). A listing has at most one open proposal
    per source: a newer run updates it, and a field whose source comes back to the listing's
    value leaves it (an empty proposal is withdrawn).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending review")
        APPLIED = "applied", _("applied")
        DISMISSED = "dismissed", _("dismissed")
        WITHDRAWN = "withdrawn", _("withdrawn by the source")

    maker = models.ForeignKey(
        "makers.Maker", on_delete=models.CASCADE, related_name="source_proposals"
    )
    source = models.ForeignKey(
        "makers.Source",
        verbose_name=_("source"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    changes = models.JSONField(_("proposed values"), default=dict)
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
        verbose_name = _("update from the source")
        verbose_name_plural = _("updates from the source")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["maker", "source"],
                condition=models.Q(status="pending"),
                name="sourceproposal_one_pending",
            )
        ]
        indexes = [
            # The desk's queue: the open ones, longest waiting first.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="sourceproposal_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.maker} · {self.source} · {', '.join(sorted(self.changes))}"
