"""Cheap counters and the log of searches. They know object ids, never people."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyCount(models.Model):
    """How many times something happened to one object on one day (a maker page viewed…).

    No cookie, no IP, no user: a counter per (kind, object, day) is all that is kept.
    """

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.BigIntegerField(_("object"))
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "day"], name="dailycount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} {self.day}: {self.count}"


class SearchLog(models.Model):
    """One search as the operators' demand statistics see it: what, where, how many found."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    query = models.CharField(_("query"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    # The gazetteer place the search was made near (an id: metrics knows ids, not places),
    # what the demand map aggregates; null for a search around the visitor's own position
    # (never logged) or without a place. The map's views are not logged (see docs/dashboard.md).
    place_id = models.BigIntegerField(_("place id"), null=True, blank=True)
    query_folded = models.CharField(_("folded query"), max_length=200, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    result_count = models.PositiveIntegerField(_("results"))
    duration_ms = models.FloatField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["-created_at"], condition=models.Q(result_count=0), name="searchlog_unmet"
            ),
            # The demand map: searches with words near a place, over a period.
            models.Index(
                fields=["created_at", "place_id", "query_folded"],
                condition=models.Q(place_id__isnull=False) & ~models.Q(query_folded=""),
                name="searchlog_demand",
            ),
            # The dashboard's search figures: searches with words, over a period.
            models.Index(fields=["created_at", "query_folded"], name="searchlog_searches"),
        ]

    def __str__(self) -> str:
        return f"{self.query!r} @ {self.place!r}: {self.result_count}"


class RateLimitWindow(models.Model):
    """The hits one key (an address, a listing, an account) made in its current window.

    A window opens at the key's first hit and lasts the limit's length; the first hit after it
    has closed opens the next one. The key is kept as a keyed hash (HMAC with SECRET_KEY), so
    the table holds no address of any kind; closed windows are purged (`rate_limit_purge`).
    """

    scope = models.CharField(_("limit"), max_length=60)
    key = models.CharField(_("key (hashed)"), max_length=64)
    count = models.PositiveIntegerField(_("hits"), default=0)
    expires_at = models.DateTimeField(_("window closes at"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit window")
        verbose_name_plural = _("rate-limit windows")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="ratelimitwindow_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}…: {self.count} until {self.expires_at:%Y-%m-%d %H:%M}"
