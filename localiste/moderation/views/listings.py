"""Item pages of what makers send: a new listing, a pending change, a claim."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from localiste.makers.models import Claim, DuplicateCandidate, Maker, MakerRevision, Report
from localiste.moderation import forms, services
from localiste.moderation.admin.review import ELIGIBILITY_LABELS
from localiste.moderation.diffs import (
    listing_fingerprint,
    listing_snapshot,
    revision_diff,
    revision_fingerprint,
    snapshot_diff,
)
from localiste.moderation.models import Decision, ItemKind
from localiste.moderation.selectors import (
    claim_get_for_review,
    listing_get_for_review,
    makers_in_scope,
    revision_get_for_review,
    scoped,
)
from localiste.moderation.views.common import (
    Action,
    Item,
    desk_item_view,
    history_of,
    item_response,
    root,
)


def eligibility_rows(maker: Maker) -> list[tuple[str, str]]:
    """The maker's answers to the eligibility questions, as (question, answer)."""
    answers = maker.eligibility or {}
    rows = []
    for key, label in ELIGIBILITY_LABELS.items():
        if key in answers:
            value = answers[key]
            shown = (_("yes") if value else _("no")) if isinstance(value, bool) else str(value)
            rows.append((str(label), shown or "—"))
    return rows


def maker_context(request, maker: Maker) -> dict:
    """What every item page says of the listing concerned: its answers, the team's other
    listings, the duplicates and reports about it, its history."""
    team = maker.memberships.values("user_id")
    others = (
        makers_in_scope(request.desk)
        .filter(memberships__user__in=team)
        .exclude(pk=maker.pk)
        .distinct()
        .only("pk", "name", "slug", "status", "locality")
        .order_by("name")[:20]
    )
    duplicates = scoped(
        DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN)
        .filter(Q(maker=maker) | Q(other=maker))
        .select_related("maker", "other"),
        request.desk,
        maker_fields=("maker_id", "other_id"),
    )
    return {
        "maker": maker,
        "eligibility": eligibility_rows(maker),
        "team_listings": list(others),
        "team": list(maker.memberships.select_related("user").order_by("-role", "created_at")),
        "duplicates": list(duplicates[:10]),
        "open_reports": list(maker.reports.filter(status=Report.Status.OPEN)[:10]),
        "history": history_of(request, maker),
        "checklist": forms.CHECKLIST,
    }


def _last_sent_back(maker: Maker) -> Decision | None:
    return (
        Decision.objects.filter(
            maker=maker, kind=ItemKind.LISTING, action=Decision.Action.CHANGES_REQUESTED
        )
        .order_by("-created_at", "-pk")
        .first()
    )


@desk_item_view
def listing(request, pk):
    """A listing sent for review: what it says (or what changed since it was sent back),
    and approve / request changes / refuse; a suspended one can be published again."""
    maker = listing_get_for_review(scope=request.desk, maker_id=pk)
    operator, site = request.user, root(request)
    now = listing_snapshot(maker)
    sent_back = _last_sent_back(maker)
    context = maker_context(request, maker)
    context["sent_back"] = sent_back
    if sent_back is not None and sent_back.snapshot:
        context["diff"] = snapshot_diff(before=sent_back.snapshot, after=now)
    context["listing_rows"] = snapshot_diff(before={}, after=now)
    is_open = maker.status == Maker.Status.PENDING
    actions = [
        Action(
            "approve",
            _("Approve and publish"),
            forms.ApproveForm,
            lambda data: services.maker_approve(
                maker=maker,
                operator=operator,
                checklist={name: bool(data.get(name)) for name, _label in forms.CHECKLIST},
                site_root=site,
                seen=data["seen"],
            ),
            _("The listing is published; its team has been told."),
            style="primary",
        ),
        Action(
            "changes",
            _("Request changes"),
            forms.RequestChangesForm,
            lambda data: services.maker_request_changes(
                maker=maker, operator=operator, note=data["note"], site_root=site, seen=data["seen"]
            ),
            _("The listing went back to its team with your message."),
        ),
        Action(
            "refuse",
            _("Refuse"),
            forms.RefuseForm,
            lambda data: services.maker_refuse(
                maker=maker,
                operator=operator,
                reason=data["note"],
                site_root=site,
                seen=data["seen"],
            ),
            _("The listing is refused; its team has been told why."),
            style="danger",
        ),
    ]
    if maker.status == Maker.Status.SUSPENDED:
        is_open = True
        actions = [
            Action(
                "restore",
                _("Publish again"),
                forms.RestoreForm,
                lambda data: services.listing_restore(
                    maker=maker, operator=operator, reason=data["note"]
                ),
                _("The listing is public again; its team has been told."),
                style="primary",
            )
        ]
    return item_response(
        request,
        Item(
            ItemKind.LISTING,
            maker.pk,
            is_open,
            actions,
            "moderation/listing.html",
            context,
            seen=listing_fingerprint(maker),
        ),
    )


@desk_item_view
def change(request, pk):
    """Changes to a published listing: the public values beside the proposed ones."""
    revision = revision_get_for_review(scope=request.desk, revision_id=pk)
    maker, operator, site = revision.maker, request.user, root(request)
    context = maker_context(request, maker)
    context.update(revision=revision, diff=revision_diff(maker=maker, changes=revision.changes))
    actions = [
        Action(
            "approve",
            _("Approve: the changes go live"),
            forms.ApproveForm,
            lambda data: services.revision_approve(
                revision=revision, operator=operator, site_root=site, seen=data["seen"]
            ),
            _("The changes are live; the team has been told."),
            style="primary",
            form_kwargs={"checklist": False},
        ),
        Action(
            "changes",
            _("Request changes"),
            forms.RequestChangesForm,
            lambda data: services.revision_request_changes(
                revision=revision,
                operator=operator,
                note=data["note"],
                site_root=site,
                seen=data["seen"],
            ),
            _("The changes went back to the team with your message."),
        ),
        Action(
            "refuse",
            _("Refuse the changes"),
            forms.RefuseForm,
            lambda data: services.revision_reject(
                revision=revision,
                operator=operator,
                reason=data["note"],
                site_root=site,
                seen=data["seen"],
            ),
            _("The changes are refused; the public page keeps its values."),
            style="danger",
        ),
    ]
    is_open = revision.status == MakerRevision.Status.PENDING
    return item_response(
        request,
        Item(
            ItemKind.CHANGE,
            revision.pk,
            is_open,
            actions,
            "moderation/change.html",
            context,
            seen=revision_fingerprint(revision),
        ),
    )


@desk_item_view
def claim(request, pk):
    """Someone asks to manage an imported listing whose email nobody could confirm."""
    claim = claim_get_for_review(scope=request.desk, claim_id=pk)
    operator, site = request.user, root(request)
    context = maker_context(request, claim.maker)
    context["claim"] = claim
    actions = [
        Action(
            "approve",
            _("Accept: they become the owner"),
            forms.ApproveForm,
            lambda data: services.claim_approve(claim=claim, operator=operator, site_root=site),
            _("The claim is accepted; the claimant has been told."),
            style="primary",
            form_kwargs={"checklist": False},
        ),
        Action(
            "refuse",
            _("Refuse the claim"),
            forms.ClaimRefuseForm,
            lambda data: services.claim_refuse(
                claim=claim, operator=operator, reason=data["note"], site_root=site
            ),
            _("The claim is refused; the claimant has been told why."),
            style="danger",
        ),
    ]
    is_open = claim.status == Claim.Status.REQUESTED
    return item_response(
        request, Item(ItemKind.CLAIM, claim.pk, is_open, actions, "moderation/claim.html", context)
    )
