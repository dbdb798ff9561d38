from django.contrib import admin

from localiste.content.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["slug", "title_fr", "title_en", "updated_at"]
    search_fields = ["title_fr", "title_en", "body_fr", "body_en"]
