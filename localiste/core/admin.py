"""What every app's admin shares: saves and deletions through the app's services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError


class ServiceSavedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions call the app's services, like every other write.

    `saver` and `deleter` are service functions taking the object as a keyword named after
    the model (`category=…`); `in_use`, when set, tells which rows may not be deleted.
    """

    saver = None
    deleter = None
    in_use = None

    def save_model(self, request, obj, form, change):
        type(self).saver(**{self.opts.model_name: obj})

    def has_delete_permission(self, request, obj=None):
        # Rows still in use cannot be deleted: the listings that use them would be damaged.
        in_use = obj is not None and self.in_use is not None and type(self).in_use(obj)
        return super().has_delete_permission(request, obj) and not in_use

    def delete_model(self, request, obj):
        type(self).deleter(**{self.opts.model_name: obj})

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            try:
                type(self).deleter(**{self.opts.model_name: obj})
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
