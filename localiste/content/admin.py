from django.contrib import admin
from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext_lazy as _

from localiste.content import services
from localiste.content.models import SitePage
from localiste.core.admin import ServiceSavedAdmin


@admin.register(SitePage)
class SitePageAdmin(ServiceSavedAdmin):
    saver = services.site_page_save
    deleter = services.site_page_delete
    list_display = ["slug", "title_fr", "title_en", "updated_at"]
    search_fields = ["title_fr", "title_en", "body_fr", "body_en"]
    # What an empty body shows, to copy from when writing the operator's own text.
    readonly_fields = ["shipped_text_fr", "shipped_text_en"]

    @admin.display(description=_("shipped text (French)"))
    def shipped_text_fr(self, sitepage: SitePage) -> str:
        return self._shipped_text(sitepage, "fr")

    @admin.display(description=_("shipped text (English)"))
    def shipped_text_en(self, sitepage: SitePage) -> str:
        return self._shipped_text(sitepage, "en")

    @staticmethod
    def _shipped_text(sitepage: SitePage, language: str) -> str:
        if sitepage.slug not in SitePage.Slug.values:
            return "—"
        return linebreaksbr(sitepage.default_body(language), autoescape=True)
