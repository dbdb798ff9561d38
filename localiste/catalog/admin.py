from django.contrib import admin

from localiste.catalog.models import Category, Label


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "parent", "depth", "position", "published_maker_count"]
    list_filter = ["depth"]
    list_editable = ["position"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["published_maker_count"]


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "website"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
