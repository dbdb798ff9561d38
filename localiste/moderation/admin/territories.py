"""The makers operators put forward on each territory's home page."""

from django.contrib import admin

from localiste.core.admin import ServiceSavedAdmin
from localiste.makers import services
from localiste.makers.models import TerritoryFeature


@admin.register(TerritoryFeature)
class TerritoryFeatureAdmin(ServiceSavedAdmin):
    saver = services.territory_feature_save
    deleter = services.territory_feature_delete
    list_display = ["maker", "territory", "position", "created_at"]
    list_filter = ["territory"]
    list_select_related = ["maker", "territory"]
    autocomplete_fields = ["maker", "territory"]
    search_fields = ["maker__name", "territory__name"]
    ordering = ["territory__name", "position"]
