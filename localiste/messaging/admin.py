"""Operators' view of messages and of the outbox: what was sent, what waits, what failed."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from localiste.messaging.models import ContactMessage, OutgoingMail
from localiste.messaging.outbox import outbox_retry
from localiste.messaging.services import contact_message_delete


class OutgoingMailInline(admin.TabularInline):
    model = OutgoingMail
    extra = 0
    can_delete = False
    fields = ("to", "subject", "status", "attempts", "next_attempt_at", "sent_at", "last_error")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ("sender_name", "maker", "product", "created_at", "answered_at")
    list_filter = ("created_at", "answered_at")
    search_fields = ("sender_name", "sender_email", "maker__name")
    list_select_related = ("maker", "product")
    raw_id_fields = ("maker", "product")
    readonly_fields = ("message_hash", "created_at", "language")
    date_hierarchy = "created_at"
    inlines = [OutgoingMailInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # what a consumer wrote is theirs: shown, never edited

    def delete_model(self, request, obj):
        contact_message_delete(message=obj)

    def delete_queryset(self, request, queryset):
        for message in queryset:
            contact_message_delete(message=message)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = ("subject", "status", "attempts", "next_attempt_at", "created_at", "sent_at")
    list_filter = ("status", "created_at")
    search_fields = ("subject", "to")
    raw_id_fields = ("contact_message",)
    readonly_fields = (
        "contact_message",
        "from_email",
        "to",
        "reply_to",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    )
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a mail is what was sent; it can only be sent again

    @admin.action(description=_("Send again now"))
    def retry_now(self, request, queryset):
        count = outbox_retry(mails=queryset)
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
