"""Makers writing their own listing: start it, edit it, submit it for review.

Every edit carries the version the editor started from; a save made in between by someone
else refuses the edit (EditConflict) instead of overwriting it. Once a listing has been
published, changes to its name, address or categories wait for the operators in a
MakerRevision while the public page keeps its approved values; every other change goes
live at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.catalog.models import Category, Label
from localiste.core.slugs import unique_slug
from localiste.makers.models import (
    Maker,
    MakerRevision,
    Membership,
    OpeningPeriod,
    Photo,
    Product,
    SalesPoint,
)
from localiste.makers.selectors.completeness import completeness_missing
from localiste.makers.services.indexing import search_index_maker, search_index_once
from localiste.makers.services.listing import (
    maker_categories_set,
    maker_create,
    maker_publish,
    maker_withdraw,
)
from localiste.makers.services.territories import maker_territories_refresh
from localiste.places.models import Place

# Who is listed and where: operators check these before the public sees a change.
REVIEWED_FIELDS = (
    "name",
    "street",
    "postcode",
    "locality",
    "country",
    "place",
    "latitude",
    "longitude",
)
ADDRESS_FIELDS = ("street", "postcode", "locality", "country", "place", "latitude", "longitude")
# Paths of the maker space (/espace/<slug>/) that a listing's slug must not take.
SPACE_RESERVED_SLUGS = frozenset({"nouveau", "lieux", "invitation", "revendiquer"})
# A dragged pin further than this from the commune is a slip of the finger, not an address.
MAX_PIN_DISTANCE_KM = 30
# What a maker page lists at most (the maker space's forms offer as many lines).
MAX_OPENING_PERIODS = 28
MAX_SALES_POINTS = 20


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
    **fields: Any,
) -> Maker:
    """A new draft listing owned by `user`, with the eligibility answers they gave."""
    fields.setdefault("email", getattr(user, "email", "") or "")
    maker = maker_create(
        name=name,
        primary_category=primary_category,
        others=others,
        eligibility=dict(eligibility or {}),
        status=Maker.Status.DRAFT,
        **fields,
    )
    if maker.slug in SPACE_RESERVED_SLUGS:
        maker.slug = _draft_slug(maker)
        maker.save(update_fields=["slug"])
    Membership.objects.create(user=user, maker=maker, role=Membership.Role.OWNER)
    return maker


def _draft_slug(maker: Maker) -> str:
    """A unique slug for `maker`'s name that no path of the maker space uses."""
    slug = unique_slug(maker.name, Maker.objects.all(), exclude=maker)
    if slug in SPACE_RESERVED_SLUGS:
        slug = unique_slug(f"{maker.name} atelier", Maker.objects.all(), exclude=maker)
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
    On a listing that was ever published, changes to REVIEWED_FIELDS and to the categories
    go into the pending revision instead. ValidationError leaves everything as it was.
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
        maker.labels.set(labels)
    if status == Maker.Status.PUBLISHED:
        maker_publish(maker=maker)
    elif status is not None and status != maker.status:
        maker_withdraw(maker=maker, status=status)
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
    reviewed = held_for_review and is_reviewed(maker)
    held: dict[str, Any] = {}
    for name, value in fields.items():
        if getattr(maker, name) == value:
            continue
        if reviewed and name in REVIEWED_FIELDS:
            held[f"{name}_id" if name == "place" else name] = _json_value(value)
        else:
            setattr(maker, name, value)
    renamed_draft = "name" in fields and "slug" not in fields and maker.status == Maker.Status.DRAFT
    if renamed_draft and not reviewed:
        maker.slug = _draft_slug(maker)
    maker.full_clean(exclude=["primary_category"])
    maker.save()
    if any(name in fields for name in ADDRESS_FIELDS) and not held:
        maker_territories_refresh(maker=maker)
    if primary_category is not None:
        other_list = [c for c in (others or ()) if c.pk != primary_category.pk]
        current = maker_direct_category_ids(maker)
        wanted = (primary_category.pk, sorted(c.pk for c in other_list))
        if wanted != current:
            if reviewed:
                held["primary_category_id"] = wanted[0]
                held["other_category_ids"] = wanted[1]
            else:
                maker_categories_set(maker=maker, primary=primary_category, others=other_list)
    if held:
        revision_propose(maker=maker, author=editor, changes=held)
    search_index_maker(maker_id=maker.pk)
    return MakerUpdate(maker=maker, pending=sorted(held))


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


@transaction.atomic
def maker_hours_set(
    *, maker: Maker, version: int, periods: Iterable[tuple[int, Any, Any]]
) -> list[OpeningPeriod]:
    """Replace the opening hours of `maker` with `periods` [(weekday, opens, closes)].

    Like an edit of the maker's fields, it moves the maker to its next version if it is
    still at `version` (the one the editor started from), else raises EditConflict.
    """
    _claim_version(maker=maker, version=version)
    return _hours_replace(maker=maker, periods=periods)


@transaction.atomic
def maker_sales_points_set(
    *, maker: Maker, version: int, sales_points: Iterable[Mapping[str, Any]]
) -> list[SalesPoint]:
    """Replace where else to buy the work of `maker` with `sales_points` (field dicts).

    Version check as `maker_hours_set`.
    """
    _claim_version(maker=maker, version=version)
    return _sales_points_replace(maker=maker, sales_points=sales_points)


@transaction.atomic
@search_index_once()
def maker_practical_update(
    *,
    maker: Maker,
    editor: AbstractBaseUser,
    version: int,
    fields: Mapping[str, Any],
    periods: Iterable[tuple[int, Any, Any]],
    sales_points: Iterable[Mapping[str, Any]],
) -> MakerUpdate:
    """The practical step of the maker space in one save: contact and services (`fields`),
    opening hours and places to buy, all under one version check (EditConflict)."""
    update = maker_update(maker=maker, editor=editor, version=version, fields=fields)
    _hours_replace(maker=update.maker, periods=periods)
    _sales_points_replace(maker=update.maker, sales_points=sales_points)
    return update


def _hours_replace(*, maker: Maker, periods: Iterable[tuple[int, Any, Any]]) -> list:
    rows = [
        OpeningPeriod(maker=maker, weekday=weekday, opens=opens, closes=closes)
        for weekday, opens, closes in periods
    ]
    if len(rows) > MAX_OPENING_PERIODS:
        raise ValidationError(
            ngettext(
                "Give %(num)d opening period at most.",
                "Give %(num)d opening periods at most.",
                MAX_OPENING_PERIODS,
            )
            % {"num": MAX_OPENING_PERIODS}
        )
    for row in rows:
        row.full_clean(exclude=["maker"])
    maker.opening_periods.all().delete()
    return OpeningPeriod.objects.bulk_create(rows)


def _sales_points_replace(*, maker: Maker, sales_points: Iterable[Mapping[str, Any]]) -> list:
    rows = [
        SalesPoint(maker=maker, position=position, **values)
        for position, values in enumerate(sales_points)
    ]
    if len(rows) > MAX_SALES_POINTS:
        raise ValidationError(
            ngettext(
                "Give %(num)d place to buy at most.",
                "Give %(num)d places to buy at most.",
                MAX_SALES_POINTS,
            )
            % {"num": MAX_SALES_POINTS}
        )
    for row in rows:
        row.full_clean(exclude=["maker"])
    maker.sales_points.all().delete()
    return SalesPoint.objects.bulk_create(rows)


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
    maker.status = Maker.Status.PENDING
    maker.submitted_at = timezone.now()
    maker.save(update_fields=["status", "submitted_at", "updated_at"])
    return maker
