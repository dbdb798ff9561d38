"""Operators deciding on new listings: approve, send back, refuse; suspend and restore."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from localiste.core.text import text_required
from localiste.makers import services
from localiste.makers.models import Maker, MakerRevision
from localiste.makers.services.indexing import search_index_once
from localiste.makers.services.reports import (
    maker_restore,
    maker_suspend,
)
from localiste.moderation.diffs import listing_fingerprint, listing_snapshot
from localiste.moderation.models import Decision, ItemKind
from localiste.moderation.notifications import decision_mail
from localiste.moderation.services.records import decision_record, seen_check
from localiste.moderation.services.revisions import _revision_apply


# --- new listings -----------------------------------------------------------------------------
@transaction.atomic
@search_index_once()
def maker_approve(
    *,
    maker: Maker,
    operator: AbstractBaseUser,
    checklist: Mapping[str, bool] | None = None,
    site_root: str | None = None,
    seen: str | None = None,
) -> Maker:
    """Publish the submitted `maker` and apply its pending changes, if any; its team gets the
    mail the site promised ("we will email you once it is online").

    `seen`: the fingerprint of the item page the operator decided on (ValidationError when
    the listing changed since; see `seen_check`)."""
    maker = _locked(maker, seen=seen)
    was_published = Maker.objects.filter(pk=maker.pk, status=Maker.Status.PUBLISHED).exists()
    for revision in maker.revisions.filter(status=MakerRevision.Status.PENDING):
        _revision_apply(revision=revision, operator=operator)
    maker.refresh_from_db()
    maker.review_note = ""
    maker.save(update_fields=["review_note", "updated_at"])
    services.maker_publish(maker=maker, operator=operator)
    decision_record(
        kind=ItemKind.LISTING,
        object_id=maker.pk,
        maker=maker,
        action=Decision.Action.APPROVED,
        operator=operator,
        checklist=checklist,
    )
    if not was_published:
        decision_mail(maker=maker, what="approved", site_root=site_root)
    return maker


@transaction.atomic
@search_index_once()
def maker_request_changes(
    *,
    maker: Maker,
    operator: AbstractBaseUser,
    note: str,
    site_root: str | None = None,
    seen: str | None = None,
) -> Maker:
    """Send `maker` back to its team with `note` saying what to change (mailed, and shown in
    its space); what it holds now is kept, to show the next submission as a diff."""
    note = text_required(note, _("Say what to change: the maker will read it."))
    return _send_back(
        maker=_locked(maker, seen=seen),
        operator=operator,
        note=note,
        status=Maker.Status.NEEDS_CHANGES,
        action=Decision.Action.CHANGES_REQUESTED,
        site_root=site_root,
    )


@transaction.atomic
@search_index_once()
def maker_refuse(
    *,
    maker: Maker,
    operator: AbstractBaseUser,
    reason: str,
    site_root: str | None = None,
    seen: str | None = None,
) -> Maker:
    """Refuse the submitted `maker` (not in this directory), telling its team why."""
    reason = text_required(reason, _("Give a reason: the maker will read it."))
    return _send_back(
        maker=_locked(maker, seen=seen),
        operator=operator,
        note=reason,
        status=Maker.Status.REFUSED,
        action=Decision.Action.REFUSED,
        site_root=site_root,
    )


def _locked(maker: Maker, *, seen: str | None) -> Maker:
    """`maker` read again under a row lock, once checked to be what the operator saw."""
    maker = Maker.objects.select_for_update().get(pk=maker.pk)
    seen_check(current=listing_fingerprint(maker), seen=seen)
    return maker


def _send_back(
    *,
    maker: Maker,
    operator: AbstractBaseUser,
    note: str,
    status: str,
    action: str,
    site_root: str | None,
) -> Maker:
    """Take `maker` off review with `status`, keep `note` for its space, record and mail it."""
    maker.review_note = note
    maker.save(update_fields=["review_note", "updated_at"])
    services.maker_withdraw(maker=maker, status=status, operator=operator, reason=note)
    decision_record(
        kind=ItemKind.LISTING,
        object_id=maker.pk,
        maker=maker,
        action=action,
        operator=operator,
        note=note,
        snapshot=listing_snapshot(maker),
    )
    decision_mail(maker=maker, what=DECISION_MAILS[action], note=note, site_root=site_root)
    return maker


# The mail each way of sending a listing back is told with.
DECISION_MAILS = {
    Decision.Action.CHANGES_REQUESTED: "changes_requested",
    Decision.Action.REFUSED: "refused",
}


@transaction.atomic
def listing_suspend(
    *,
    maker: Maker,
    operator: AbstractBaseUser,
    reason: str,
    kind: str = ItemKind.LISTING,
    object_id: int | None = None,
) -> Maker:
    """Suspend the published `maker` (off the public site, its team told why), recorded as
    the decision on the item `kind` / `object_id` (a report; by default the listing)."""
    maker = maker_suspend(maker=maker, operator=operator, reason=reason)
    decision_record(
        kind=kind,
        object_id=maker.pk if object_id is None else object_id,
        maker=maker,
        action=Decision.Action.SUSPENDED,
        operator=operator,
        note=reason.strip(),
    )
    return maker


@transaction.atomic
def listing_restore(*, maker: Maker, operator: AbstractBaseUser, reason: str) -> Maker:
    """Publish the suspended `maker` again (its team told why), recorded."""
    maker = maker_restore(maker=maker, operator=operator, reason=reason)
    decision_record(
        kind=ItemKind.LISTING,
        object_id=maker.pk,
        maker=maker,
        action=Decision.Action.RESTORED,
        operator=operator,
        note=reason.strip(),
    )
    return maker
