"""The operators' vocabulary: synonyms and trades per language, saved through services.

Edits reach every search within a second, in every process (search/vocabulary.py).
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from localiste.core.admin import ServiceSavedAdmin
from localiste.core.text import language_base
from localiste.search import services
from localiste.search.analysis import shipped_alternatives
from localiste.search.models import Synonym, Trade


class VocabularyForm(forms.ModelForm):
    """The site's languages to choose from (settings.LANGUAGES), its default one first."""

    language = forms.ChoiceField(label=_("language"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = settings.LANGUAGE_CODE


class VocabularyAdmin(ServiceSavedAdmin):
    form = VocabularyForm
    list_filter = ["language"]
    search_fields = ["word", "term"]
    ordering = ["language", "term"]


@admin.register(Synonym)
class SynonymAdmin(VocabularyAdmin):
    saver = services.synonym_save
    deleter = services.synonym_delete
    fields = ["language", "word", "alternatives", "shipped"]
    readonly_fields = ["shipped"]
    list_display = ["word", "language", "alternatives", "updated_at"]
    search_fields = [*VocabularyAdmin.search_fields, "alternatives"]

    @admin.display(description=_("shipped alternatives (replaced by this row)"))
    def shipped(self, synonym: Synonym) -> str:
        found = synonym.term and shipped_alternatives(language_base(synonym.language), synonym.term)
        return found or _("none: the shipped synonym files have no line for this word")


@admin.register(Trade)
class TradeAdmin(VocabularyAdmin):
    saver = services.trade_save
    deleter = services.trade_delete
    fields = ["language", "word", "category_name"]
    list_display = ["word", "language", "category_name", "updated_at"]
    search_fields = [*VocabularyAdmin.search_fields, "category_name"]
