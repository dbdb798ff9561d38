"""Deleting a person from the admin erases their account as "delete my account" does."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from localiste.accounts import services

User = get_user_model()


class AccountAdmin(UserAdmin):
    """Django's user admin, whose deletions go through `services.account_delete`.

    Listings they managed alone go with them; shared ones pass to their team, and the mail
    naming them is dropped, exactly as when they delete their own account.
    """

    def delete_model(self, request, obj):
        services.account_delete(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.account_delete(user=user)


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
