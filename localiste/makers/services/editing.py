"""Makers writing their own listing: start it, edit it, submit it for review.

Every edit carries the version the editor started from; a save made in between by someone
else refuses the edit (EditConflict) instead of overwriting it. Once a listing has been
published, changes to the parts named in settings.REVIEWED_FIELDS (by default its name,
address, categories and new photos) wait for the operators in a MakerRevision while the
public page keeps its approved values; every other change goes live at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from localiste.catalog.models import Category, Label
from localiste.makers.audit import audit_changes, audit_record, audit_snapshot
from localiste.makers.duplicates import duplicates_check_after_commit
from localiste.makers.models import (
    Maker,
    MakerRevision,
    Membership,
    Photo,
    Product,
)
from localiste.makers.selectors.completeness import completeness_missing
from localiste.makers.services.indexing import search_index_maker, search_index_once
from localiste.makers.services.listing import (
    maker_categories_set,
    maker_create,
    maker_publish,
    maker_slug_unique,
    maker_withdraw,
)
from localiste.makers.services.notices import language_supported
from localiste.makers.services.territories import maker_territories_refresh
from localiste.makers.signals import maker_submitted
from localiste.places.models import Place

ADDRESS_FIELDS = ("street", "postcode", "locality", "country", "place", "latitude", "longitude")
# What settings.REVIEWED_FIELDS may name, and the Maker fields each name holds for review.
# "categories" holds the main and other categories (as ids), "photos" the new photos
# (Photo.pending_review, services.media), "products" the new and changed products
# (Product.pending_review, services.products).
REVIEWABLE = {
    "name": ("name",),
    "address": ADDRESS_FIELDS,
    "categories": (),
    "photos": (),
    "tagline": ("tagline",),
    "story": ("story",),
    "know_how": ("know_how",),
    "products": (),
}
DEFAULT_REVIEWED = ("name", "categories", "address", "photos")


def reviewed_parts() -> frozenset[str]:
    """The parts of a published listing that wait for the operators (settings.REVIEWED_FIELDS)."""
    parts = getattr(settings, "REVIEWED_FIELDS", DEFAULT_REVIEWED)
    return frozenset(part.strip() for part in parts if part.strip() in REVIEWABLE)


def parts_of(held: Iterable[str]) -> list[str]:
    """The parts (keys of REVIEWABLE, in its order) that the held keys of a revision touch."""
    held = {"place" if name == "place_id" else name for name in held}
    if held & {"primary_category_id", "other_category_ids"}:
        held.add("categories")
    return [part for part, names in REVIEWABLE.items() if part in held or held & set(names)]


def reviewed_fields() -> frozenset[str]:
    """The Maker fields whose changes wait for the operators once a listing is published."""
    return frozenset(name for part in reviewed_parts() for name in REVIEWABLE[part])


# Paths of the maker space (/espace/<slug>/) that a listing's slug must not take.
SPACE_RESERVED_SLUGS = frozenset({"nouveau", "lieux", "invitation", "revendiquer"})
# A dragged pin further than this from the commune is a slip of the finger, not an address.
MAX_PIN_DISTANCE_KM = 30


class EditConflict(Exception):
    """Someone saved the listing (or its product, or photo) after the editor loaded it;
    `current` is the row as it is saved now."""

    def __init__(self, current: Maker | Product | Photo):
        name = current._meta.model_name
        super().__init__(f"{name} {current.pk} is at version {current.version}")
        self.current = current


@dataclass
class MakerUpdate:
    """What an edit did: the saved maker, and the fields that now wait for review."""

    maker: Maker
    pending: list[str] = field(default_factory=list)


def is_reviewed(maker: Maker) -> bool:
    """Whether changes to who and where `maker` is wait for the operators (once published)."""
    return maker.published_at is not None


def _json_value(value: Any) -> Any:
    return value.pk if isinstance(value, Place | Category) else value


def _claim_version(*, maker: Maker, version: int) -> None:
    """Move `maker` to the next version if it is still at `version`, else EditConflict."""
    moved = Maker.objects.filter(pk=maker.pk, version=version).update(version=F("version") + 1)
    if not moved:
        raise EditConflict(Maker.objects.get(pk=maker.pk))
    # Start from what is saved now (the row is ours until commit), not what the view loaded.
    maker.refresh_from_db()


@transaction.atomic
def maker_start(
    *,
    user: AbstractBaseUser,
    name: str,
    primary_category: Category,
    others: Iterable[Category] = (),
    eligibility: Mapping[str, Any] | None = None,
    language: str = "",
    **fields: Any,
) -> Maker:
    """A new draft listing owned by `user`, with the eligibility answers they gave.

    `language` (the maker space's, as the listing is started) is the one mails to its team
    are written in; the site's default when it is not one the site speaks.
    """
    fields.setdefault("email", getattr(user, "email", "") or "")
    maker = maker_create(
        name=name,
        primary_category=primary_category,
        others=others,
        eligibility=dict(eligibility or {}),
        status=Maker.Status.DRAFT,
        language=language_supported(language),
        actor=user,
        **fields,
    )
    if maker.slug in SPACE_RESERVED_SLUGS:
        maker.slug = _draft_slug(maker)
        maker.save(update_fields=["slug"])
    Membership.objects.create(user=user, maker=maker, role=Membership.Role.OWNER)
    return maker


def _draft_slug(maker: Maker) -> str:
    """A unique slug for `maker`'s name that no path of the maker space uses."""
    slug = maker_slug_unique(maker.name, exclude=maker)
    if slug in SPACE_RESERVED_SLUGS:
        slug = maker_slug_unique(f"{maker.name} atelier", exclude=maker)
    return slug


@transaction.atomic
@search_index_once()
def maker_update(
    *,
    maker: Maker,
    editor: AbstractBaseUser,
    version: int,
    fields: Mapping[str, Any],
    primary_category: Category | None = None,
    others: Iterable[Category] | None = None,
) -> MakerUpdate:
    """Apply an edit from the maker space to `maker`, or raise EditConflict.

    `fields` are Maker fields; `primary_category` and `others` (when given) its categories.
    On a listing that was ever published, changes to the reviewed fields (`reviewed_fields`,
    and the categories when reviewed) go into the pending revision instead. ValidationError
    leaves everything as it was.
    """
    return _maker_edit(
        maker=maker,
        editor=editor,
        version=version,
        fields=fields,
        primary_category=primary_category,
        others=others,
        held_for_review=True,
    )


@transaction.atomic
@search_index_once()
def maker_operator_update(
    *,
    maker: Maker,
    operator: AbstractBaseUser,
    version: int,
    fields: Mapping[str, Any],
    primary_category: Category | None = None,
    others: Iterable[Category] | None = None,
    labels: Iterable[Label] | None = None,
) -> Maker:
    """Apply an operator's edit of `maker` at once (they are the reviewers), or EditConflict.

    The same path as the maker space's edits, so that the search index, the territories and
    the category listings follow whichever screen the change came from. `status` in `fields`
    publishes or withdraws the listing through `maker_publish` / `maker_withdraw`.
    """
    fields = dict(fields)
    status = fields.pop("status", None)
    update = _maker_edit(
        maker=maker,
        editor=operator,
        version=version,
        fields=fields,
        primary_category=primary_category,
        others=others,
        held_for_review=False,
    )
    maker = update.maker
    if labels is not None:
        labels = sorted(labels, key=lambda label: (label.name_fr, label.pk))
        before = sorted(maker.labels.all(), key=lambda label: (label.name_fr, label.pk))
        maker.labels.set(labels)
        audit_record(
            actor=operator,
            action="maker.labels",
            target=maker,
            changes={"labels": (before, labels)},
            by_operator=True,
        )
    if status == Maker.Status.PUBLISHED:
        maker_publish(maker=maker, operator=operator)
    elif status is not None and status != maker.status:
        maker_withdraw(maker=maker, status=status, operator=operator)
    search_index_maker(maker_id=maker.pk)
    return maker


def _maker_edit(
    *,
    maker: Maker,
    editor: AbstractBaseUser,
    version: int,
    fields: Mapping[str, Any],
    primary_category: Category | None,
    others: Iterable[Category] | None,
    held_for_review: bool,
) -> MakerUpdate:
    """`maker_update`, with changes to who and where held for review when `held_for_review`."""
    _claim_version(maker=maker, version=version)
    before = audit_snapshot(maker, [*fields, "slug"])
    reviewed = held_for_review and is_reviewed(maker)
    held_fields = reviewed_fields() if reviewed else frozenset()
    held: dict[str, Any] = {}
    public: dict[str, Any] = {}
    for name, value in fields.items():
        if getattr(maker, name) == value:
            continue
        if name in held_fields:
            held[f"{name}_id" if name == "place" else name] = _json_value(value)
            public[name] = getattr(maker, name)
        setattr(maker, name, value)
    renamed_draft = "name" in fields and "slug" not in fields and maker.status == Maker.Status.DRAFT
    if renamed_draft and not reviewed:
        maker.slug = _draft_slug(maker)
    # The values held for review are checked too (a story over its limit is refused now, not
    # when an operator approves it); then the public page keeps its approved ones.
    maker.full_clean(exclude=["primary_category"])
    for name, value in public.items():
        setattr(maker, name, value)
    maker.save()
    audit_record(
        actor=editor,
        action="maker.update",
        target=maker,
        changes=audit_changes(before, audit_snapshot(maker, before)),
        by_operator=not held_for_review,
    )
    if any(name in fields and name not in held_fields for name in ADDRESS_FIELDS):
        maker_territories_refresh(maker=maker)
    if primary_category is not None:
        other_list = [c for c in (others or ()) if c.pk != primary_category.pk]
        current = maker_direct_category_ids(maker)
        wanted = (primary_category.pk, sorted(c.pk for c in other_list))
        if wanted != current:
            if reviewed and "categories" in reviewed_parts():
                held["primary_category_id"] = wanted[0]
                held["other_category_ids"] = wanted[1]
            else:
                maker_categories_set(
                    maker=maker,
                    primary=primary_category,
                    others=other_list,
                    actor=editor,
                    by_operator=not held_for_review,
                )
    if held:
        revision_propose(maker=maker, author=editor, changes=held)
        _proposal_record(
            maker=maker,
            editor=editor,
            changes={name: (value, fields[name]) for name, value in public.items()},
            categories=(primary_category, other_list) if "primary_category_id" in held else None,
        )
    search_index_maker(maker_id=maker.pk)
    return MakerUpdate(maker=maker, pending=sorted(held))


def _proposal_record(
    *,
    maker: Maker,
    editor: AbstractBaseUser,
    changes: dict[str, tuple[Any, Any]],
    categories: tuple[Category, list[Category]] | None,
) -> None:
    """Record the changes of `maker` that now wait for review: (public value, proposed)."""
    if categories is not None:
        primary, others = categories
        primary_id, other_ids = maker_direct_category_ids(maker)
        current = Category.objects.in_bulk([primary_id, *other_ids])
        changes["primary_category"] = (current.get(primary_id), primary)
        changes["other_categories"] = (
            sorted((current[pk] for pk in other_ids if pk in current), key=_name_order),
            sorted(others, key=_name_order),
        )
    audit_record(actor=editor, action="maker.propose", target=maker, changes=changes)


def _name_order(row: Category) -> tuple[str, int]:
    return row.name_fr, row.pk


def maker_direct_category_ids(maker: Maker) -> tuple[int, list[int]]:
    """(main category id, sorted ids of the other categories chosen) of `maker`."""
    direct = maker.category_links.filter(is_direct=True).values_list("category_id", flat=True)
    return maker.primary_category_id, sorted(pk for pk in direct if pk != maker.primary_category_id)


def pin_is_plausible(*, place: Place | None, latitude: float, longitude: float) -> bool:
    """Whether a dragged pin lies within MAX_PIN_DISTANCE_KM of the commune (or anywhere sane)."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return False
    if place is None or not place.has_location:
        return True
    # Equirectangular distance: plenty precise at a few tens of kilometres.
    x = math.radians(longitude - place.longitude) * math.cos(math.radians(place.latitude))
    y = math.radians(latitude - place.latitude)
    return 6371 * math.hypot(x, y) <= MAX_PIN_DISTANCE_KM


@transaction.atomic
def revision_propose(
    *, maker: Maker, author: AbstractBaseUser, changes: Mapping[str, Any]
) -> MakerRevision:
    """Merge `changes` into the pending revision of `maker` (making one if there is none)."""
    revision = (
        MakerRevision.objects.select_for_update()
        .filter(maker=maker, status=MakerRevision.Status.PENDING)
        .first()
    )
    if revision is None:
        revision = MakerRevision(maker=maker)
    revision.author = author
    revision.changes = {**revision.changes, **changes}
    revision.save()
    return revision


def revision_ids_set(
    *,
    maker: Maker,
    editor: AbstractBaseUser | None,
    key: str,
    add: Iterable[int] = (),
    remove: Iterable[int] = (),
    before: Mapping[str, Any] | None = None,
) -> None:
    """Add or remove ids in the list `key` of the pending revision of `maker` (the new
    photos, the products that wait for the operators); a revision left with nothing to
    decide is dropped. `before` ({str(id): approved values}) is kept in `<key>_before`,
    an id's first values only, and forgotten with its id."""
    revision = (
        MakerRevision.objects.select_for_update()
        .filter(maker=maker, status=MakerRevision.Status.PENDING)
        .first()
    )
    changes = dict(revision.changes) if revision else {}
    removed, added = set(remove), list(add)
    ids = [pk for pk in changes.get(key, []) if pk not in removed]
    ids += [pk for pk in added if pk not in ids]
    kept_before = {
        name: values
        for name, values in {**(before or {}), **changes.get(f"{key}_before", {})}.items()
        if int(name) in ids
    }
    changes.pop(key, None)
    changes.pop(f"{key}_before", None)
    if ids:
        changes[key] = ids
    if kept_before:
        changes[f"{key}_before"] = kept_before
    if revision is None:
        if ids:
            revision_propose(maker=maker, author=editor, changes=changes)
    elif not changes:
        revision.delete()
    else:
        revision.changes = changes
        if added:
            revision.author = editor
        revision.save(update_fields=["changes", "author", "updated_at"])


@transaction.atomic
def maker_submit(*, maker: Maker, editor: AbstractBaseUser) -> Maker:
    """Send the draft `maker` to the operators (status pending), or ValidationError."""
    if maker.status not in {Maker.Status.DRAFT, Maker.Status.NEEDS_CHANGES}:
        raise ValidationError(_("This page is not a draft: there is nothing to submit."))
    missing = [str(item.label) for item in completeness_missing(maker)]
    if missing:
        raise ValidationError(
            _("Some required parts are missing: %(parts)s.") % {"parts": ", ".join(missing)}
        )
    resubmitted = maker.status == Maker.Status.NEEDS_CHANGES
    was = maker.status
    maker.status = Maker.Status.PENDING
    maker.submitted_at = timezone.now()
    maker.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(
        actor=editor, action="maker.submit", target=maker, changes={"status": (was, maker.status)}
    )
    # In the transaction: the operators' notice is stored with the submission, or neither.
    maker_submitted.send(sender=Maker, maker=maker, editor=editor, resubmitted=resubmitted)
    duplicates_check_after_commit(maker)
    return maker
