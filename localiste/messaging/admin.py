"""Operators' view of the messages consumers sent, with what became of their mails."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from localiste.mail.models import OutgoingMail
from localiste.messaging.models import ContactMessage
from localiste.messaging.services import contact_message_delete, message_reference


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ("sender_name", "maker", "product", "created_at", "answered_at")
    list_filter = ("created_at", "answered_at")
    search_fields = ("sender_name", "sender_email", "maker__name")
    list_select_related = ("maker", "product")
    raw_id_fields = ("maker", "product")
    readonly_fields = ("message_hash", "created_at", "language", "mails")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # what a consumer wrote is theirs: shown, never edited

    def delete_model(self, request, obj):
        contact_message_delete(message=obj)

    def delete_queryset(self, request, queryset):
        for message in queryset:
            contact_message_delete(message=message)

    @admin.display(description=_("mails"))
    def mails(self, obj):
        rows = OutgoingMail.objects.filter(reference=message_reference(obj.pk)).order_by("pk")
        return (
            format_html_join(
                "",
                '<div><a href="{}">{}</a>: {}</div>',
                (
                    (
                        reverse("admin:mail_outgoingmail_change", args=[mail.pk]),
                        ", ".join(mail.to),
                        mail.get_status_display(),
                    )
                    for mail in rows
                ),
            )
            or "—"
        )
