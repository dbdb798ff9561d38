"""A signed-in visitor's favourite makers (anonymous visitors keep theirs in a cookie)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Favourite(models.Model):
    """`user` keeps `maker` in their favourites; erased with either of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="favourites",
        verbose_name=_("user"),
    )
    maker = models.ForeignKey(
        "makers.Maker",
        on_delete=models.CASCADE,
        related_name="favourites",
        verbose_name=_("maker"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("favourite")
        verbose_name_plural = _("favourites")
        constraints = [
            models.UniqueConstraint(fields=["user", "maker"], name="favourite_unique_per_user")
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="favourite_user_newest")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.maker_id}"
