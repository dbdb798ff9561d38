"""What the moderation desk keeps: who moderates which territory, who holds which item, and
the record of every decision with what the operator wrote."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    """The kinds of items the desk's queue holds."""

    LISTING = "listing", _("new listing")
    CHANGE = "change", _("pending change")
    CLAIM = "claim", _("claim")
    REPORT = "report", _("report")
    DUPLICATE = "duplicate", _("possible duplicate")
    FRESHNESS = "freshness", _("unconfirmed listing")
    SOURCE_UPDATE = "source_update", _("update from the source")
    VANISHED = "vanished", _("gone from the source")


class TerritoryModerator(models.Model):
    """A person who moderates the makers of one territory (and only theirs) at the desk.

    Site operators (staff) moderate everything; a territory moderator needs no staff status,
    so that they get neither the Django admin nor the other territories' listings.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="moderated_territories",
    )
    territory = models.ForeignKey(
        "places.Territory",
        verbose_name=_("territory"),
        on_delete=models.CASCADE,
        related_name="moderators",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("territory moderator")
        verbose_name_plural = _("territory moderators")
        constraints = [models.UniqueConstraint(fields=["user", "territory"], name="moderator_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.territory}"


class ItemLock(models.Model):
    """An item of the queue that an operator has open: others see it is theirs until
    `expires_at` (renewed while they keep it open, dropped when they decide)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    object_id = models.PositiveBigIntegerField(_("item"))
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    taken_at = models.DateTimeField(_("taken"))
    expires_at = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("item lock")
        verbose_name_plural = _("item locks")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="lock_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} · {self.holder}"


class Decision(models.Model):
    """What an operator decided on an item, and what they wrote to the maker.

    `snapshot` holds the listing's reviewable fields as the operator saw them when sending it
    back, so that a resubmission is shown as a diff against it.
    """

    class Action(models.TextChoices):
        APPROVED = "approved", _("approved")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        REFUSED = "refused", _("refused")
        DISMISSED = "dismissed", _("dismissed")
        SUSPENDED = "suspended", _("suspended")
        RESTORED = "restored", _("restored")
        MERGED = "merged", _("merged")
        CONFIRMED = "confirmed", _("confirmed as current")

    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    object_id = models.PositiveBigIntegerField(_("item"))
    maker = models.ForeignKey(
        "makers.Maker",
        verbose_name=_("maker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_decisions",
    )
    maker_name = models.CharField(_("maker's name"), max_length=120, blank=True)
    action = models.CharField(_("decision"), max_length=20, choices=Action.choices)
    note = models.TextField(_("message or reason"), blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    snapshot = models.JSONField(_("listing as decided"), default=dict, blank=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at"], name="decision_recent"),
            models.Index(fields=["maker", "-created_at"], name="decision_maker"),
        ]

    def __str__(self) -> str:
        return f"{self.maker_name}: {self.get_action_display()}"


class OperatorDigest(models.Model):
    """A daily digest sent to the operators: one row a day, so that it goes out once."""

    day = models.DateField(_("day"), unique=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("operators' digest")
        verbose_name_plural = _("operators' digests")

    def __str__(self) -> str:
        return str(self.day)


class ClaimInvitation(models.Model):
    """An invitation to claim an imported listing, mailed to the listing's public address.

    Queued first, then sent in its turn under the daily cap (`CLAIM_INVITATIONS_PER_DAY`,
    counted over the last 24 hours); one that became pointless before its turn (the listing
    was claimed, went offline, its address opted out) is cancelled with the reason. The mail
    links to the listing's claim page, whose usual checks make the claimant its owner.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for its turn")
        SENT = "sent", _("sent")
        CANCELLED = "cancelled", _("not sent")

    maker = models.ForeignKey(
        "makers.Maker",
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="claim_invitations",
    )
    email = models.EmailField(_("sent to"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # Why a queued invitation was not sent (`invitation_selectors.Refusal`).
    reason = models.CharField(_("why not sent"), max_length=20, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    queued_at = models.DateTimeField(_("queued"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("claim invitation")
        verbose_name_plural = _("claim invitations")
        ordering = ["-queued_at", "-id"]
        indexes = [
            # The job's next ones, oldest first; the day's count under the cap.
            models.Index(
                fields=["queued_at"], condition=models.Q(status="queued"), name="invitation_due"
            ),
            models.Index(
                fields=["sent_at"], condition=models.Q(status="sent"), name="invitation_sent"
            ),
            models.Index(fields=["maker", "-queued_at"], name="invitation_maker"),
            models.Index(fields=["email"], name="invitation_email"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["maker"],
                condition=models.Q(status="queued"),
                name="invitation_queued_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.maker_id} ({self.get_status_display()})"


class ClaimInvitationOptOut(models.Model):
    """An address that asked for no more invitations to claim a listing.

    Kept as the SHA-256 of the normalised address (`invitation_selectors.email_digest`), not
    tied to a listing: it outlives the listing's deletion and its next import. The table holds
    no address in the clear, so it does not read or export as a list of the people who said
    no; but a digest is a pseudonym, not a secret: whoever holds the database and an address
    (those of the listings and of the invitations are in it) can tell whether it opted out.
    Deliberately not keyed with SECRET_KEY: rotating the key would silently forget every no.
    """

    email_digest = models.CharField(_("address (digest)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("opted out"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim invitation opt-out")
        verbose_name_plural = _("claim invitation opt-outs")

    def __str__(self) -> str:
        return self.email_digest[:12]
