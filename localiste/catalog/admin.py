"""The operators' admin for the taxonomy; every save and deletion goes through its services."""

from django.contrib import admin

from localiste.catalog import services
from localiste.catalog.models import Category, Label
from localiste.core.admin import ServiceSavedAdmin


@admin.register(Category)
class CategoryAdmin(ServiceSavedAdmin):
    saver = services.category_save
    deleter = services.category_delete
    in_use = services.category_in_use
    list_display = ["name_fr", "name_en", "parent", "depth", "position", "published_maker_count"]
    list_filter = ["depth"]
    list_editable = ["position"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["published_maker_count"]

    def get_readonly_fields(self, request, obj=None):
        # A category keeps its place in the tree (see services.category_save.
        return [*self.readonly_fields, "parent"] if obj else self.readonly_fields


@admin.register(Label)
class LabelAdmin(ServiceSavedAdmin):
    saver = services.label_save
    deleter = services.label_delete
    in_use = services.label_in_use
    list_display = ["name_fr", "name_en", "website"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
