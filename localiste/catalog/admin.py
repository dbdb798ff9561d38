"""The operators' admin for the taxonomy; every save and deletion goes through its services.

Categories and labels are named and described in French and English. A category may be
moved under another parent (its sub-categories go with it, within three levels). One that is
still in use is not deleted: the operator is told to merge it into another one instead (the
merge moves makers, so its screen belongs to the apps above: `moderation.admin.categories`).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from localiste.catalog import services
from localiste.catalog.models import Category, CategoryRedirect, Label
from localiste.catalog.selectors import category_for_slug
from localiste.core.admin import ServiceSavedAdmin


class DeletionExplainedAdmin(ServiceSavedAdmin):
    """Rows in use keep their delete button; pressing it says why they stay, and what to do."""

    in_use_message = None

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_change_permission(request, obj) and type(self).in_use(obj):
            self.message_user(request, type(self).in_use_message(), messages.ERROR)
            opts = self.opts
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            return HttpResponseRedirect(url)
        return super().delete_view(request, object_id, extra_context)


@admin.register(Category)
class CategoryAdmin(DeletionExplainedAdmin):
    saver = services.category_save
    deleter = services.category_delete
    in_use = services.category_in_use
    in_use_message = services.category_in_use_message
    fields = [
        "name_fr",
        "name_en",
        "slug",
        "parent",
        "description_fr",
        "description_en",
        "icon",
        "position",
        "typical_origin_km",
        "published_maker_count",
    ]
    list_display = [
        "name_fr",
        "name_en",
        "parent",
        "depth",
        "position",
        "typical_origin_km",
        "published_maker_count",
    ]
    list_filter = ["depth"]
    list_editable = ["position"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["published_maker_count"]

    def save_model(self, request, obj, form, change):
        # A slug that was the old address of another category (merged or renamed) takes that
        # address over: its old links now lead here, which the operator may not expect.
        earlier = category_for_slug(obj.slug)
        super().save_model(request, obj, form, change)
        if earlier is not None and earlier.pk != obj.pk:
            message = _(
                "The address %(address)s led to “%(other)s” (a category merged or renamed "
                "earlier): old links to that address now lead here."
            ) % {"address": obj.get_absolute_url(), "other": earlier}
            self.message_user(request, message, messages.WARNING)


@admin.register(Label)
class LabelAdmin(DeletionExplainedAdmin):
    saver = services.label_save
    deleter = services.label_delete
    in_use = services.label_in_use
    in_use_message = services.label_in_use_message
    fields = ["name_fr", "name_en", "slug", "description_fr", "description_en", "website"]
    # A website typed without a scheme is taken as https (Django 6's default, asked now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name_fr", "name_en", "website"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(CategoryRedirect)
class CategoryRedirectAdmin(admin.ModelAdmin):
    """Old addresses of categories (read only: merges and new slugs write them)."""

    list_display = ["old_slug", "category", "created_at"]
    list_select_related = ["category"]
    search_fields = ["old_slug", "category__slug", "category__name_fr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
