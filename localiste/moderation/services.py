"""Operators deciding on what makers submit: new listings and pending changes.

Each decision indexes the maker once, at its end (`search_index_once`).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from localiste.catalog.models import Category
from localiste.makers import services
from localiste.makers.models import Maker, MakerRevision
from localiste.makers.services.editing import ADDRESS_FIELDS
from localiste.makers.services.indexing import search_index_once

PLAIN_FIELDS = ("name", "street", "postcode", "locality", "country", "latitude", "longitude")


@transaction.atomic
@search_index_once()
def revision_approve(*, revision: MakerRevision, operator: AbstractBaseUser) -> Maker:
    """Apply the pending `revision` to its maker's public page."""
    revision = MakerRevision.objects.select_for_update().get(pk=revision.pk)
    maker = Maker.objects.select_for_update().get(pk=revision.maker_id)
    if revision.status != MakerRevision.Status.PENDING:
        return maker
    changes = revision.changes
    for name in PLAIN_FIELDS:
        if name in changes:
            setattr(maker, name, changes[name])
    if "place_id" in changes:
        maker.place_id = changes["place_id"]
    maker.version = F("version") + 1
    maker.save()
    maker.refresh_from_db()
    if any(name in changes for name in (*ADDRESS_FIELDS, "place_id")):
        services.maker_territories_refresh(maker=maker)
    if "primary_category_id" in changes:
        primary = Category.objects.get(pk=changes["primary_category_id"])
        others = Category.objects.filter(pk__in=changes.get("other_category_ids", []))
        services.maker_categories_set(maker=maker, primary=primary, others=others)
    revision.status = MakerRevision.Status.APPROVED
    revision.decided_at = timezone.now()
    revision.decided_by = operator
    revision.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    services.search_index_maker(maker_id=maker.pk)
    return maker


@transaction.atomic
def revision_reject(*, revision: MakerRevision, operator: AbstractBaseUser) -> MakerRevision:
    """Refuse the pending `revision`: the public page keeps its approved values."""
    revision.status = MakerRevision.Status.REJECTED
    revision.decided_at = timezone.now()
    revision.decided_by = operator
    revision.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    return revision


@transaction.atomic
@search_index_once()
def maker_approve(*, maker: Maker, operator: AbstractBaseUser) -> Maker:
    """Publish the submitted `maker` and apply its pending changes, if any."""
    for revision in maker.revisions.filter(status=MakerRevision.Status.PENDING):
        revision_approve(revision=revision, operator=operator)
        maker.refresh_from_db()
    maker.review_note = ""
    maker.save(update_fields=["review_note", "updated_at"])
    services.maker_publish(maker=maker)
    return maker


@transaction.atomic
@search_index_once()
def maker_request_changes(*, maker: Maker, operator: AbstractBaseUser, note: str) -> Maker:
    """Send `maker` back to its team with `note` saying what to change."""
    maker.review_note = note
    maker.save(update_fields=["review_note", "updated_at"])
    services.maker_withdraw(maker=maker, status=Maker.Status.NEEDS_CHANGES)
    return maker
