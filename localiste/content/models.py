"""Pages the operators write themselves: about, legal notice, privacy, how listings are ranked."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from localiste.content.defaults import DEFAULT_LANGUAGES, site_page_default_body
from localiste.core.models import TimeStampedModel, translated
from localiste.core.text import language_base

DEFAULT_BODY_HELP = _(
    "Leave empty to show the text Localiste ships, filled in from the site's settings "
    "(operator, host, contact address)."
)


class SitePage(TimeStampedModel):
    class Slug(models.TextChoices):
        ABOUT = "a-propos", _("About")
        LEGAL = "mentions-legales", _("Legal notice")
        PRIVACY = "confidentialite", _("Privacy")
        RANKING = "classement", _("How listings are ranked")

    slug = models.SlugField(_("address"), max_length=40, unique=True, choices=Slug.choices)
    title_fr = models.CharField(_("title (French)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120)
    body_fr = models.TextField(
        _("text (French, Markdown)"), blank=True, help_text=DEFAULT_BODY_HELP
    )
    body_en = models.TextField(
        _("text (English, Markdown)"), blank=True, help_text=DEFAULT_BODY_HELP
    )

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
        """The text in the active language: the operator's, else the shipped default."""
        language = language_base(get_language() or "")
        if language in DEFAULT_LANGUAGES:
            return getattr(self, f"body_{language}") or self.default_body(language)
        return translated(self, "body") or self.default_body(language)

    def default_body(self, language: str) -> str:
        """The text Localiste ships for this page in `language`, from the site's settings."""
        return site_page_default_body(slug=self.slug, language=language)

    def get_absolute_url(self) -> str:
        return reverse("content:page", kwargs={"slug": self.slug})
