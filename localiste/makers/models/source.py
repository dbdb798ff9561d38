"""Where imported listings come from: a source, its licence, and what it last said.

A source is one feed an association takes makers from (a spreadsheet, the SIRENE register,
an OpenStreetMap export), named and credited as its licence asks. Imports
(`localiste.opendata`) write listings with their source and their key in it; the maker page
says where its data came from and when; open data exports publish share-alike rows (ODbL)
apart. Low, here, because the maker page and the exports read it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from localiste.core.models import TimeStampedModel


class Source(TimeStampedModel):
    """One feed of imported listings."""

    class Kind(models.TextChoices):
        CSV = "csv", _("CSV file")
        GEOJSON = "geojson", _("GeoJSON file")
        SIRENE = "sirene", _("SIRENE register (establishments)")
        OSM = "osm", _("OpenStreetMap export")

    name = models.CharField(_("name"), max_length=120, help_text=_("As the maker page credits it."))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    licence = models.CharField(
        _("licence"), max_length=120, blank=True, help_text=_("For example “ODbL 1.0”.")
    )
    licence_url = models.URLField(_("licence address"), blank=True)
    attribution = models.CharField(
        _("attribution"),
        max_length=200,
        blank=True,
        help_text=_("The credit its licence asks for, e.g. “© OpenStreetMap contributors”."),
    )
    share_alike = models.BooleanField(
        _("share-alike"),
        default=False,
        help_text=_("Its rows are published in open data files of their own licence (ODbL)."),
    )
    publish = models.BooleanField(
        _("publish imported listings"),
        default=False,
        help_text=_("Otherwise they wait for the operators, as a listing sent for review."),
    )
    # The column (or property) of the file behind each field of a listing, saved with the
    # source so that the next file of the same shape imports alike.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    last_imported_at = models.DateTimeField(_("last imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
