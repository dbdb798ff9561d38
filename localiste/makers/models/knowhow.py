"""Heritage know-how: editorial pages about a craft of the territory, and their photos.

A page is linked to categories and keywords; the makers who practise the craft today are
found through the search engine with them (`makers.selectors.knowhow`), never listed by
hand, so the page follows the directory.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from localiste.core.models import TimeStampedModel, translated, translated_language
from localiste.core.text import language_base
from localiste.makers.models.media import Renditions
from localiste.makers.validators import MarkdownLimitValidator

BODY_MAX_CHARS = 20_000
# Each keyword is one search on the page: a few are enough to find the makers of a craft.
MAX_KEYWORDS = 8


def knowhow_photo_upload_to(photo: "KnowHowPhoto", filename: str) -> str:
    # Apart from the makers' photos ("photos/"), whose orphan sweep must not see these.
    suffix = PurePosixPath(filename).suffix.lower() or ".jpg"
    return f"knowhow/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class KnowHow(TimeStampedModel):
    """A heritage craft of a territory (la tonnellerie girondine…), written by operators."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    summary_fr = models.CharField(_("summary (French)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    body_fr = models.TextField(
        _("text (French, Markdown)"),
        blank=True,
        validators=[MarkdownLimitValidator(max_chars=BODY_MAX_CHARS)],
    )
    body_en = models.TextField(
        _("text (English, Markdown)"),
        blank=True,
        validators=[MarkdownLimitValidator(max_chars=BODY_MAX_CHARS)],
    )
    territory = models.ForeignKey(
        "places.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowhows",
    )
    categories = models.ManyToManyField(
        "catalog.Category",
        verbose_name=_("categories"),
        blank=True,
        related_name="knowhows",
        help_text=_("The makers listed directly in these categories practise this craft."),
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_(
            "Words searched in the directory to find the makers who practise this craft, "
            "separated by commas (e.g. “tonnelier, barrique”)."
        ),
    )
    sources = models.TextField(
        _("sources (Markdown)"),
        blank=True,
        validators=[MaxLengthValidator(5000)],
        help_text=_("Books, archives and institutions the text relies on, one “- ” item per line."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("heritage know-how")
        verbose_name_plural = _("heritage know-how")
        ordering = ["position", "title_fr"]

    def __str__(self) -> str:
        return self.title_fr

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def summary(self) -> str:
        return translated(self, "summary")

    @property
    def body(self) -> str:
        return translated(self, "body")

    @property
    def fallback_languages(self) -> dict[str, str]:
        """{field: language} for the texts shown in another language than the page's (their
        translation is missing), so that the page marks them `lang="…"`."""
        active = language_base(get_language() or settings.LANGUAGE_CODE)
        shown = {field: translated_language(self, field) for field in ("title", "summary", "body")}
        return {
            field: language for field, language in shown.items() if language not in ("", active)
        }

    def clean(self) -> None:
        super().clean()
        if len(self.keyword_list) > MAX_KEYWORDS:
            raise ValidationError(
                {
                    "keywords": _("Give at most %(max)d keywords (there are %(count)d).")
                    % {"max": MAX_KEYWORDS, "count": len(self.keyword_list)}
                }
            )

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    def get_absolute_url(self) -> str:
        return reverse("discovery:knowhow", kwargs={"slug": self.slug})


class KnowHowPhoto(Renditions, models.Model):
    """A photo of a know-how page, with its credit; renditions as for makers' photos."""

    RENDITION_WIDTHS = (320, 640, 1280)

    knowhow = models.ForeignKey(KnowHow, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("image"),
        upload_to=knowhow_photo_upload_to,
        width_field="width",
        height_field="height",
        max_length=200,
    )
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    renditions = models.JSONField(default=list, blank=True, editable=False)
    alt_text_fr = models.CharField(
        _("description for people who cannot see the image (French)"), max_length=200
    )
    alt_text_en = models.CharField(
        _("description for people who cannot see the image (English)"),
        max_length=200,
        blank=True,
    )
    caption_fr = models.CharField(_("caption (French)"), max_length=200, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=200, blank=True)
    credit = models.CharField(
        _("credit"), max_length=200, help_text=_("Who took the photo, and its licence.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("know-how photo")
        verbose_name_plural = _("know-how photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text_fr

    @property
    def alt_text(self) -> str:
        return translated(self, "alt_text")

    @property
    def caption(self) -> str:
        return translated(self, "caption")
