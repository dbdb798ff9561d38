from django.contrib import admin

from localiste.content import services
from localiste.content.models import SitePage
from localiste.core.admin import ServiceSavedAdmin


@admin.register(SitePage)
class SitePageAdmin(ServiceSavedAdmin):
    saver = services.site_page_save
    deleter = services.site_page_delete
    list_display = ["slug", "title_fr", "title_en", "updated_at"]
    search_fields = ["title_fr", "title_en", "body_fr", "body_en"]
