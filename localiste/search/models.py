"""The engine's document table, and the operators' vocabulary (synonyms, trades).

The full-text, spatial and map tables are vendor SQL.

`SearchEntry` is a Django model so that Django knows the table (flushes empty it between
tests); the FTS5 / R*Tree / tsvector structures are created by migration 0002 per vendor.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from localiste.core.models import TimeStampedModel
from localiste.core.text import index_language, language_base, search_terms


class SearchEntry(models.Model):
    """One indexed document. `docid` follows the static rank at rebuild (best first)."""

    docid = models.BigAutoField(primary_key=True)
    source = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    mx = models.IntegerField(null=True)  # map cell at zoom 18
    my = models.IntegerField(null=True)
    rank = models.FloatField(default=0.0)
    published = models.FloatField(default=0.0)  # POSIX timestamp
    facets = models.TextField(default="", blank=True)

    class Meta:
        db_table = "search_doc"
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_doc_object")
        ]
        indexes = [
            models.Index(fields=["-published"], name="search_doc_published"),
            # Filters.object_ids: the documents of a few objects, whatever their source
            models.Index(fields=["object_id"], name="search_doc_object_id"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.object_id}"


# --- the operators' vocabulary (docs/vocabulary.md) -----------------------------------------


# Every alternative is one more term a search for the word must look up (docs/vocabulary.md).
MAX_ALTERNATIVE_TERMS = 30
MAX_ALTERNATIVES_CHARS = 1000
MAX_CATEGORY_TERMS = 10


def _language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class VocabularyEntry(TimeStampedModel):
    """A searched word of one language, normalised (`term`) like the words of a query."""

    language = models.CharField(_("language"), max_length=10)
    word = models.CharField(
        _("searched word"), max_length=100, help_text=_("One word, as visitors type it.")
    )
    term = models.CharField(max_length=100, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.word} ({self.language})"

    def clean(self) -> None:
        """Normalise `word` into `term`; refuse unknown languages, phrases and duplicates."""
        if self.language not in _language_codes():
            raise ValidationError(
                {"language": _("Choose one of the site's languages.")}, code="invalid"
            )
        terms = search_terms(self.word or "", language_base(self.language))
        if len(terms) != 1:
            raise ValidationError(
                {"word": _("Enter exactly one word (not a phrase, nor a word too common).")},
                code="invalid",
            )
        self.word = self.word.strip()
        self.term = terms[0]
        twins = type(self).objects.filter(language=self.language, term=self.term)
        if twins.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"word": _("This word already has a line in this language: edit that one.")},
                code="unique",
            )


class Synonym(VocabularyEntry):
    """Searching `word` also finds the documents holding any of its alternatives.

    A row replaces the line of the same word in the shipped file synonyms/<language>.txt.
    """

    alternatives = models.TextField(
        _("alternatives"), help_text=_("Words or phrases, separated by commas.")
    )

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["language", "term"]
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="search_synonym_term")
        ]

    def clean(self) -> None:
        super().clean()
        text = self.alternatives or ""
        if len(text) > MAX_ALTERNATIVES_CHARS:
            raise ValidationError(
                {
                    "alternatives": _("Enter at most %(limit)d characters (you entered %(count)d).")
                    % {"limit": MAX_ALTERNATIVES_CHARS, "count": len(text)}
                },
                code="max_length",
            )
        terms = set(search_terms(text, index_language()))
        if not terms:
            raise ValidationError(
                {"alternatives": _("Enter at least one word other than a common one.")},
                code="required",
            )
        if len(terms) > MAX_ALTERNATIVE_TERMS:
            raise ValidationError(
                {
                    "alternatives": _(
                        "Enter at most %(limit)d different words (you entered %(count)d): "
                        "each one makes every search for this word slower."
                    )
                    % {"limit": MAX_ALTERNATIVE_TERMS, "count": len(terms)}
                },
                code="max_length",
            )


class Trade(VocabularyEntry):
    """A trade word and the category of what it makes: "luthier" → "Instruments de musique".

    Searching the trade also finds the documents whose text holds the category's name (its
    names are indexed with every maker listed in it).
    """

    category_name = models.CharField(
        _("category"),
        max_length=120,
        help_text=_("The category's name, in any of the site's languages."),
    )

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ["language", "term"]
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="search_trade_term")
        ]

    def clean(self) -> None:
        super().clean()
        terms = set(search_terms(self.category_name or "", index_language()))
        if not terms:
            raise ValidationError(
                {"category_name": _("Enter the name of a category.")}, code="required"
            )
        if len(terms) > MAX_CATEGORY_TERMS:
            raise ValidationError(
                {
                    "category_name": _(
                        "Enter a category name of at most %(limit)d words: each one makes "
                        "every search for this trade slower."
                    )
                    % {"limit": MAX_CATEGORY_TERMS}
                },
                code="max_length",
            )


class VocabularyRevision(models.Model):
    """One row counting the edits of synonyms and trades: processes reload when it moves."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "search_vocabulary_revision"

    def __str__(self) -> str:
        return str(self.number)
