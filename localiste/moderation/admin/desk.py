"""The desk's own records in the admin: territory moderators (managed here), decisions and
locks (read only: they are written by the desk's services)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from localiste.moderation.models import Decision, ItemLock, TerritoryModerator

ITEM_URLS = {
    "listing": "moderation:listing",
    "change": "moderation:change",
    "claim": "moderation:claim",
    "report": "moderation:report",
    "duplicate": "moderation:duplicate",
    "freshness": "moderation:freshness",
}


@admin.register(TerritoryModerator)
class TerritoryModeratorAdmin(admin.ModelAdmin):
    list_display = ["user", "territory", "created_at"]
    list_select_related = ["user", "territory"]
    list_filter = ["territory"]
    search_fields = ["user__email", "user__username", "territory__name"]
    autocomplete_fields = ["user", "territory"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "maker_name", "kind", "action", "operator", "desk_link"]
    list_filter = ["kind", "action"]
    list_select_related = ["operator"]
    search_fields = ["maker_name", "note"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    @admin.display(description=_("at the desk"))
    def desk_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse(ITEM_URLS[obj.kind], args=[obj.object_id]), _("open")
        )


@admin.register(ItemLock)
class ItemLockAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "holder", "taken_at", "expires_at"]
    list_select_related = ["holder"]
