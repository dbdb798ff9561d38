"""Pages the operators write themselves: about, legal notice, privacy, how listings are ranked."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from localiste.core.models import TimeStampedModel, translated


class SitePage(TimeStampedModel):
    class Slug(models.TextChoices):
        ABOUT = "a-propos", _("About")
        LEGAL = "mentions-legales", _("Legal notice")
        PRIVACY = "confidentialite", _("Privacy")
        RANKING = "classement", _("How listings are ranked")

    slug = models.SlugField(_("address"), max_length=40, unique=True, choices=Slug.choices)
    title_fr = models.CharField(_("title (French)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120)
    body_fr = models.TextField(_("text (French, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"))

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def body(self) -> str:
        return translated(self, "body")

    def get_absolute_url(self) -> str:
        return reverse("content:page", kwargs={"slug": self.slug})
