"""What operators set about sharing: which sites may frame the widget."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from localiste.sharing.origins import origins_parse

SINGLETON_PK = 1


class EmbedPolicy(models.Model):
    """The one row saying which sites may show the widget (/embed/…) in a frame: any site (the
    default, also when the row does not exist yet), or only those listed, one origin a line.
    The site itself may always frame it (the preview of the "Embed on your site" page)."""

    class Framing(models.TextChoices):
        ANY = "any", _("Any site")
        LISTED = "listed", _("Only the sites listed below")

    framing = models.CharField(
        _("sites that may embed the widget"),
        max_length=10,
        choices=Framing.choices,
        default=Framing.ANY,
    )
    allowed_origins = models.TextField(
        _("allowed sites"),
        blank=True,
        help_text=_(
            "One site a line, its scheme and host with an optional port and no path, such as "
            "https://www.mairie-example.fr or https://*.example.org for all its sub-domains. "
            "Used only when the widget is limited to the sites listed."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("widget embedding")
        verbose_name_plural = _("widget embedding")

    def __str__(self) -> str:
        return str(_("Sites that may embed the widget"))

    def clean(self) -> None:
        # Stored cleaned: one origin a line, as the header will carry them.
        try:
            self.allowed_origins = "\n".join(origins_parse(self.allowed_origins))
        except ValidationError as error:
            raise ValidationError({"allowed_origins": error.error_list}) from None
