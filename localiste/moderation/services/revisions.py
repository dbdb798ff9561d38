"""Operators deciding on the pending changes of published listings (and their new photos)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from localiste.catalog.models import Category
from localiste.core.text import text_required
from localiste.makers import services
from localiste.makers.audit import audit_changes, audit_record, audit_snapshot
from localiste.makers.models import Maker, MakerRevision, Photo
from localiste.makers.services.editing import ADDRESS_FIELDS
from localiste.makers.services.indexing import search_index_once
from localiste.moderation.diffs import revision_fingerprint
from localiste.moderation.models import Decision, ItemKind
from localiste.moderation.notifications import decision_mail
from localiste.moderation.services.records import (
    PLAIN_FIELDS,
    SINGLE_KINDS,
    decision_record,
    seen_check,
)


# --- pending changes of a published listing -------------------------------------------------
def _revision_apply(
    *, revision: MakerRevision, operator: AbstractBaseUser, seen: str | None = None
) -> Maker | None:
    """Apply the pending `revision` to its maker's public page; None if it was decided.

    ValidationError when `seen` is not its fingerprint (it changed since it was shown)."""
    revision = MakerRevision.objects.select_for_update().get(pk=revision.pk)
    maker = Maker.objects.select_for_update().get(pk=revision.maker_id)
    seen_check(current=revision_fingerprint(revision), seen=seen)
    if revision.status != MakerRevision.Status.PENDING:
        return None
    changes = revision.changes
    applied = [name for name in PLAIN_FIELDS if name in changes]
    if "place_id" in changes:
        applied.append("place")
    before = audit_snapshot(maker, applied)
    for name in PLAIN_FIELDS:
        if name in changes:
            setattr(maker, name, changes[name])
    if "place_id" in changes:
        maker.place_id = changes["place_id"]
    maker.version = F("version") + 1
    maker.save()
    maker.refresh_from_db()
    audit_record(
        actor=operator,
        action="revision.approve",
        target=maker,
        changes=audit_changes(before, audit_snapshot(maker, applied)),
        by_operator=True,
    )
    if any(name in changes for name in (*ADDRESS_FIELDS, "place_id")):
        services.maker_territories_refresh(maker=maker)
    if "primary_category_id" in changes:
        primary = Category.objects.get(pk=changes["primary_category_id"])
        others = Category.objects.filter(pk__in=changes.get("other_category_ids", []))
        services.maker_categories_set(
            maker=maker, primary=primary, others=others, actor=operator, by_operator=True
        )
    if changes.get("photo_ids"):
        photos_approve(maker=maker, photo_ids=changes["photo_ids"], operator=operator)
    if changes.get("product_ids"):
        services.products_review_close(
            maker=maker,
            product_ids=changes["product_ids"],
            before=changes.get("product_ids_before", {}),
            approved=True,
            operator=operator,
        )
    revision.status = MakerRevision.Status.APPROVED
    revision.decided_at = timezone.now()
    revision.decided_by = operator
    revision.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    services.search_index_maker(maker_id=maker.pk)
    return maker


def photos_approve(*, maker: Maker, photo_ids, operator: AbstractBaseUser) -> None:
    """Show the photos `photo_ids` of `maker` (which waited for review); an approved logo or
    cover replaces the one the public saw until now."""
    approved = list(Photo.objects.filter(maker=maker, pk__in=list(photo_ids), pending_review=True))
    Photo.objects.filter(pk__in=[photo.pk for photo in approved]).update(pending_review=False)
    for kind in {photo.kind for photo in approved if photo.product_id is None} & set(SINGLE_KINDS):
        newest = max((p for p in approved if p.kind == kind and p.product_id is None), key=_order)
        replaced = Photo.objects.filter(maker=maker, kind=kind, product=None).exclude(pk=newest.pk)
        for old in replaced:
            services.photo_delete(photo=old, editor=operator)
    services.search_index_maker(maker_id=maker.pk)


def _order(photo: Photo) -> tuple[int, int]:
    return (photo.position, photo.pk)


def _pending_photos_delete(*, maker: Maker, photo_ids, operator: AbstractBaseUser) -> None:
    for photo in Photo.objects.filter(maker=maker, pk__in=list(photo_ids), pending_review=True):
        services.photo_delete(photo=photo, editor=operator)


@transaction.atomic
@search_index_once()
def revision_approve(
    *,
    revision: MakerRevision,
    operator: AbstractBaseUser,
    site_root: str | None = None,
    seen: str | None = None,
) -> Maker:
    """Apply the pending `revision` to its maker's public page, and tell the team (`seen`:
    as `_revision_apply`)."""
    maker = _revision_apply(revision=revision, operator=operator, seen=seen)
    if maker is None:
        return Maker.objects.get(pk=revision.maker_id)
    if maker.review_note:
        maker.review_note = ""
        maker.save(update_fields=["review_note", "updated_at"])
    decision_record(
        kind=ItemKind.CHANGE,
        object_id=revision.pk,
        maker=maker,
        action=Decision.Action.APPROVED,
        operator=operator,
    )
    decision_mail(maker=maker, what="change_approved", site_root=site_root)
    return maker


def _revision_close(
    *,
    revision: MakerRevision,
    operator: AbstractBaseUser,
    note: str,
    action: str,
    seen: str | None = None,
) -> MakerRevision:
    """Close the pending `revision` unapplied (its new photos deleted), recorded as `action`
    (`seen`: as `_revision_apply`)."""
    revision = MakerRevision.objects.select_for_update().get(pk=revision.pk)
    seen_check(current=revision_fingerprint(revision), seen=seen)
    if revision.status != MakerRevision.Status.PENDING:
        raise ValidationError(_("This change has already been decided."))
    revision.status = MakerRevision.Status.REJECTED
    revision.decided_at = timezone.now()
    revision.decided_by = operator
    revision.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    maker = Maker.objects.get(pk=revision.maker_id)
    audit_record(
        actor=operator, action="revision.reject", target=maker, reason=note, by_operator=True
    )
    # Closed first, so that the record keeps the ids of the photos refused.
    _pending_photos_delete(
        maker=maker, photo_ids=revision.changes.get("photo_ids", []), operator=operator
    )
    services.products_review_close(
        maker=maker,
        product_ids=revision.changes.get("product_ids", []),
        before=revision.changes.get("product_ids_before", {}),
        approved=False,
        operator=operator,
    )
    decision_record(
        kind=ItemKind.CHANGE,
        object_id=revision.pk,
        maker=maker,
        action=action,
        operator=operator,
        note=note,
        snapshot=revision.changes,
    )
    return revision


@transaction.atomic
@search_index_once()
def revision_reject(
    *,
    revision: MakerRevision,
    operator: AbstractBaseUser,
    reason: str = "",
    site_root: str | None = None,
    seen: str | None = None,
) -> MakerRevision:
    """Refuse the pending `revision`: the public page keeps its approved values, its new
    photos are deleted, and the team is told why (`reason`)."""
    revision = _revision_close(
        revision=revision,
        operator=operator,
        note=reason.strip(),
        action=Decision.Action.REFUSED,
        seen=seen,
    )
    decision_mail(
        maker=revision.maker, what="change_refused", note=reason.strip(), site_root=site_root
    )
    return revision


@transaction.atomic
@search_index_once()
def revision_request_changes(
    *,
    revision: MakerRevision,
    operator: AbstractBaseUser,
    note: str,
    site_root: str | None = None,
    seen: str | None = None,
) -> MakerRevision:
    """Send the pending `revision` back with `note` (what to change before proposing it
    again): it is closed unapplied, the note shown to the team in its space and mailed."""
    note = text_required(note, _("Say what to change: the maker will read it."))
    revision = _revision_close(
        revision=revision,
        operator=operator,
        note=note,
        action=Decision.Action.CHANGES_REQUESTED,
        seen=seen,
    )
    maker = revision.maker
    maker.review_note = note
    maker.save(update_fields=["review_note", "updated_at"])
    decision_mail(maker=maker, what="change_changes_requested", note=note, site_root=site_root)
    return revision
