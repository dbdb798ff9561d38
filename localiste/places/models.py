"""Territories an installation serves and the gazetteer of places used to locate makers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from localiste.core.models import LocationModel


class Territory(LocationModel):
    """An area the directory presents: a country, a region, a département, a metropolis…

    A maker belongs to every active territory that contains it. `latitude`/`longitude` hold
    the centre; the bounding box frames maps.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        REGION = "region", _("region")
        DEPARTEMENT = "departement", _("département")
        METROPOLIS = "metropolis", _("metropolis")
        CUSTOM = "custom", _("custom area")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    country_code = models.CharField(_("country code"), max_length=2, default="FR")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    # Which places it covers: official codes of a département / region / EPCI, or none for
    # a custom area drawn by its boundary.
    admin_code = models.CharField(_("administrative code"), max_length=20, blank=True)
    min_latitude = models.FloatField(_("south"), null=True, blank=True)
    min_longitude = models.FloatField(_("west"), null=True, blank=True)
    max_latitude = models.FloatField(_("north"), null=True, blank=True)
    max_longitude = models.FloatField(_("east"), null=True, blank=True)
    boundary = models.JSONField(_("GeoJSON boundary"), null=True, blank=True)
    # A simplified copy of `boundary` for maps; membership always uses the full one.
    boundary_display = models.JSONField(_("simplified boundary (maps)"), null=True, blank=True)
    # A custom area may instead be a list of places (communes, or a list of départements
    # expanded to their communes): a listing belongs when its commune is listed.
    listed_places = models.ManyToManyField(
        "Place", verbose_name=_("places listed"), blank=True, related_name="listed_in"
    )
    presentation_fr = models.TextField(_("presentation (French, Markdown)"), blank=True)
    presentation_en = models.TextField(_("presentation (English, Markdown)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(LocationModel):
    """A named place from the shipped open data (a commune, a town abroad…).

    `name_folded` is the name lower-cased, accent-free and with hyphens and apostrophes as
    spaces, so that "Saint-Émilion" and "saint emilion" meet. Coordinates stay null when no
    packaged source locates the place: we never invent them.
    """

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("commune")
        DISTRICT = "district", _("municipal district")
        TOWN = "town", _("town")

    name = models.CharField(_("name"), max_length=160)
    name_folded = models.CharField(_("folded name"), max_length=160, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    country_code = models.CharField(_("country code"), max_length=2, db_index=True)
    official_code = models.CharField(_("official code"), max_length=20, blank=True)
    # Space-separated postcodes, for display; PostalCode rows are what lookups use.
    postcodes = models.CharField(_("postcodes"), max_length=255, blank=True)
    department_code = models.CharField(_("département code"), max_length=5, blank=True)
    region_code = models.CharField(_("region code"), max_length=5, blank=True)
    epci_code = models.CharField(_("intercommunality code"), max_length=12, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["country_code", "official_code"],
                condition=~models.Q(official_code=""),
                name="place_unique_official_code",
            )
        ]
        indexes = [
            models.Index(fields=["department_code", "-population"]),
            # The places near a point (the demand log, areas drawn by a boundary).
            models.Index(fields=["latitude", "longitude"], name="place_position"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.postcodes.split()[0]})" if self.postcodes else self.name


class PostalCode(models.Model):
    """One postcode of a place; a postcode may serve several communes and the reverse."""

    code = models.CharField(_("postcode"), max_length=10, db_index=True)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [models.UniqueConstraint(fields=["code", "place"], name="postalcode_unique")]

    def __str__(self) -> str:
        return self.code
