"""The makers operators put forward on a territory's home page."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class TerritoryFeature(models.Model):
    """One maker shown first on one territory's home, in the operators' order."""

    territory = models.ForeignKey(
        "places.Territory",
        verbose_name=_("territory"),
        on_delete=models.CASCADE,
        related_name="features",
    )
    maker = models.ForeignKey(
        "makers.Maker",
        verbose_name=_("maker"),
        on_delete=models.CASCADE,
        related_name="territory_features",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("featured maker")
        verbose_name_plural = _("featured makers")
        ordering = ["territory", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "maker"], name="territory_feature_once")
        ]

    def __str__(self) -> str:
        return f"{self.maker} · {self.territory}"

    def clean(self) -> None:
        # Only a published member of the territory can be put forward on its home.
        if self.maker_id is None or self.territory_id is None:
            return
        if not self.maker.is_published:
            raise ValidationError({"maker": _("Only a published listing can be featured.")})
        if not self.maker.territories.filter(pk=self.territory_id).exists():
            raise ValidationError(
                {"maker": _("This maker is not in the territory: it cannot be featured there.")}
            )
