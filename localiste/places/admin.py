"""The operators' admin for territories (saved through the services) and the gazetteer.

The gazetteer is open data loaded by `manage.py gazetteer_load`: it is shown here, not
edited, since a commune's codes and position decide where every listing of it belongs.
"""

from django.contrib import admin

from localiste.core.admin import ServiceSavedAdmin
from localiste.core.text import fold
from localiste.places import services
from localiste.places.models import Place, PostalCode, Territory


@admin.register(Territory)
class TerritoryAdmin(ServiceSavedAdmin):
    saver = services.territory_save
    deleter = services.territory_delete
    list_display = ["name", "kind", "country_code", "admin_code", "parent", "is_active"]
    list_filter = ["kind", "is_active", "country_code"]
    search_fields = ["name", "slug", "admin_code"]
    prepopulated_fields = {"slug": ["name"]}


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "postcodes",
        "official_code",
        "kind",
        "country_code",
        "population",
        "latitude",
        "longitude",
    ]
    list_filter = ["kind", "country_code", "department_code"]
    search_fields = ["name_folded", "official_code", "postal_codes__code"]
    show_full_result_count = False
    inlines = [PostalCodeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_search_results(self, request, queryset, search_term):
        # Operators type "Saint-Émilion"; the index holds the folded form.
        return super().get_search_results(request, queryset, fold(search_term) or search_term)
