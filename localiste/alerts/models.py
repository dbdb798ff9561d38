"""A saved search whose new makers a visitor is told about by email, without an account."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchAlert(models.Model):
    """“Tell me”: one address, one search with a place, a weekly digest of its new makers.

    Only what the digest needs is kept: the address, the search (its filters as the search
    page's query string, and the point and radius it resolved to; a "near me" point to about
    a km), the language of the page, and dates. No name, no IP address. An alert nobody
    confirms is deleted after a few days (`services.CONFIRM_DAYS`); unsubscribing deletes it
    at once.
    """

    email = models.EmailField(_("email"))
    # The filters as the search page spells them (q, categorie, label, services, territoire),
    # without the place: the point below is where the search looks. Text, not a bounded
    # CharField: 200 characters of q (the parser's limit) percent-encoded take up to 2,400.
    query_string = models.TextField(_("search"), blank=True)
    place_name = models.CharField(_("place"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    radius_km = models.PositiveSmallIntegerField(_("radius (km)"))
    language = models.CharField(_("language"), max_length=8)
    # Confirming and unsubscribing; the feed has its own, so that sharing a feed's address
    # lets nobody unsubscribe its owner.
    token = models.CharField(max_length=64, unique=True)
    feed_token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The end of the last digest's window: the makers published before it have been looked
    # at; the next window starts here (at confirmed_at before the first digest).
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("search alert")
        verbose_name_plural = _("search alerts")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["email"], name="alerts_email"),
            models.Index(fields=["confirmed_at", "last_digest_at"], name="alerts_due"),
            models.Index(fields=["created_at"], name="alerts_created"),
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.place_name or f'{self.latitude},{self.longitude}'}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
