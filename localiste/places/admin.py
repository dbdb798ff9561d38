from django.contrib import admin

from localiste.core.text import fold
from localiste.places.models import Place, PostalCode, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
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

    def get_search_results(self, request, queryset, search_term):
        # Operators type "Saint-Émilion"; the index holds the folded form.
        return super().get_search_results(request, queryset, fold(search_term) or search_term)
