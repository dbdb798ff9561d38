"""Operators' view of the outbox (what was sent, what waits, what failed) and blocked addresses."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from localiste.mail.blocking import address_unblock
from localiste.mail.models import BlockedAddress, OutgoingMail
from localiste.mail.outbox import outbox_retry


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ("subject", "status", "kind", "attempts", "next_attempt_at", "created_at")
    list_filter = ("status", "kind", "created_at")
    search_fields = ("subject", "to", "reference")
    readonly_fields = (
        "from_email",
        "to",
        "cc",
        "reply_to",
        "subject",
        "body",
        "kind",
        "reference",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    )
    exclude = ("bcc", "alternatives", "attachments", "headers")
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a mail is what was sent; it can only be sent again

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # kept for the record until the retention period ends

    @admin.action(description=_("Send again now"))
    def retry_now(self, request, queryset):
        count = outbox_retry(mails=queryset)
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(BlockedAddress)
class BlockedAddressAdmin(admin.ModelAdmin):
    list_display = ("address", "reason", "bulk_only", "failures", "blocked_at")
    list_filter = ("reason", "bulk_only")
    search_fields = ("address",)
    readonly_fields = ("address", "reason", "bulk_only", "failures", "blocked_at", "last_error")
    actions = ["unblock"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the "write to them again" action does it, through the service

    @admin.action(description=_("Write to these addresses again"))
    def unblock(self, request, queryset):
        for blocked in queryset:
            address_unblock(blocked=blocked)
        self.message_user(request, _("These addresses will receive mail again."), messages.SUCCESS)
