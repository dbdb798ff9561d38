"""The operators' review in the admin: pending changes, claims, invitations.

Decisions go through the moderation and makers services, like every write (so they are
recorded and mailed to the team as at the desk, `/moderation/`, which shows each item
whole: a diff of the changes, the checklist, a note to the maker).
"""

from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from localiste.core.site_url import site_root
from localiste.makers import services as maker_services
from localiste.makers.models import Claim, Invitation, Maker, MakerRevision
from localiste.moderation import services

ELIGIBILITY_LABELS = {
    "makes_own_work": _("makes what they sell"),
    "in_territory": _("workshop in the territory"),
    "non_food": _("non-food goods"),
    "what_you_make": _("what they make"),
}


def eligibility_summary(maker: Maker) -> str:
    """The eligibility answers of `maker` as a short HTML list."""
    answers = maker.eligibility or {}
    if not answers:
        return "—"
    rows = []
    for key, label in ELIGIBILITY_LABELS.items():
        if key in answers:
            value = answers[key]
            shown = (_("yes") if value else _("no")) if isinstance(value, bool) else value
            rows.append((label, shown or "—"))
    return format_html_join("", "<div>{}: <strong>{}</strong></div>", rows)


def approve_makers(model_admin, request, queryset) -> None:
    for maker in queryset:
        services.maker_approve(maker=maker, operator=request.user, site_root=site_root(request))
    count = len(queryset)
    model_admin.message_user(
        request,
        ngettext("%d maker approved.", "%d makers approved.", count) % count,
        messages.SUCCESS,
    )


@admin.register(MakerRevision)
class MakerRevisionAdmin(admin.ModelAdmin):
    list_display = ["maker", "proposed", "author", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["maker", "author"]
    search_fields = ["maker__name", "maker__slug"]
    readonly_fields = ["maker", "author", "changes", "status", "decided_at", "decided_by"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("proposed changes"))
    def proposed(self, obj):
        return ", ".join(f"{key}: {value}" for key, value in sorted(obj.changes.items()))

    @admin.action(description=_("Approve the pending changes (they go live)"))
    def approve(self, request, queryset):
        pending = list(queryset.filter(status=MakerRevision.Status.PENDING))
        for revision in pending:
            services.revision_approve(
                revision=revision, operator=request.user, site_root=site_root(request)
            )
        self.message_user(
            request,
            ngettext("%d change approved.", "%d changes approved.", len(pending)) % len(pending),
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject the pending changes"))
    def reject(self, request, queryset):
        pending = list(queryset.filter(status=MakerRevision.Status.PENDING))
        for revision in pending:
            services.revision_reject(
                revision=revision, operator=request.user, site_root=site_root(request)
            )
        self.message_user(
            request,
            ngettext("%d change rejected.", "%d changes rejected.", len(pending)) % len(pending),
            messages.SUCCESS,
        )


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["maker", "user", "status", "sent_to", "created_at"]
    list_filter = ["status"]
    list_select_related = ["maker", "user"]
    search_fields = ["maker__name", "user__email"]
    readonly_fields = ["maker", "user", "status", "sent_to", "message", "created_at", "decided_at"]
    actions = ["accept", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Accept: the claimant becomes the owner"))
    def accept(self, request, queryset):
        for claim in queryset.exclude(status__in=[Claim.Status.ACCEPTED, Claim.Status.REJECTED]):
            try:
                maker_services.claim_accept(claim=claim)
            except Exception as error:  # noqa: BLE001 - report each refusal, keep going
                self.message_user(request, f"{claim}: {error}", messages.ERROR)
            else:
                self.message_user(request, _("%s accepted.") % claim, messages.SUCCESS)

    @admin.action(description=_("Reject the claims"))
    def reject(self, request, queryset):
        for claim in queryset.exclude(status__in=[Claim.Status.ACCEPTED, Claim.Status.REJECTED]):
            maker_services.claim_reject(claim=claim)
        self.message_user(request, _("Claims rejected."), messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["maker", "email", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["maker", "invited_by"]
    search_fields = ["maker__name", "email"]
    readonly_fields = ["maker", "email", "invited_by", "created_at", "accepted_at"]

    def has_add_permission(self, request):
        return False
