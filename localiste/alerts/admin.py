"""Operators' view of the alerts: to answer "delete my address" without a database shell."""

from django.contrib import admin

from localiste.alerts.models import SearchAlert
from localiste.alerts.services import alert_delete


@admin.register(SearchAlert)
class SearchAlertAdmin(admin.ModelAdmin):
    list_display = ("email", "place_name", "radius_km", "created_at", "confirmed_at")
    list_filter = ("confirmed_at", "created_at")
    search_fields = ("email",)
    # The tokens are the subscriber's keys: never shown, not even to operators.
    fields = (
        "email",
        "query_string",
        "place_name",
        "latitude",
        "longitude",
        "radius_km",
        "language",
        "created_at",
        "confirmed_at",
        "last_digest_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj):
        alert_delete(alert=obj)

    def delete_queryset(self, request, queryset):
        for alert in queryset:
            alert_delete(alert=alert)
