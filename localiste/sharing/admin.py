"""The operators' admin of sharing: which sites may frame the widget (one setting)."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from localiste.sharing.models import SINGLETON_PK, EmbedPolicy
from localiste.sharing.services import embed_policy_save


@admin.register(EmbedPolicy)
class EmbedPolicyAdmin(admin.ModelAdmin):
    """One row, edited in place: the list leads straight to it (or to adding it, the first
    time); it is never deleted (choose "Any site" to go back to the default)."""

    fields = ["framing", "allowed_origins", "updated_at"]
    readonly_fields = ["updated_at"]
    radio_fields = {"framing": admin.VERTICAL}

    def has_add_permission(self, request) -> bool:
        exists = EmbedPolicy.objects.filter(pk=SINGLETON_PK).exists()
        return super().has_add_permission(request) and not exists

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        opts = self.opts
        if EmbedPolicy.objects.filter(pk=SINGLETON_PK).exists():
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[SINGLETON_PK])
        else:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        return HttpResponseRedirect(url)

    def save_model(self, request, obj, form, change):
        embed_policy_save(policy=obj)
