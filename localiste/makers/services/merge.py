"""Merging two listings of one maker into one: nothing either held is lost.

The survivor keeps the richer data field by field: a filled field wins over an empty one,
and where both hold a different value the operator chooses (`merge_conflicts` lists those
fields for the desk's form). Products, photos, team members, claims, pending changes,
reports, invitations and statistics move to the survivor, and apps above makers move their
own rows on the `maker_merged` signal (contact messages). The absorbed listing is then
deleted (its photos' files are the survivor's now), and its address, with the old addresses
that led to it, answers 301 to the survivor (`SlugRedirect`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from localiste.catalog.models import Category
from localiste.makers.audit import audit_entries, audit_record
from localiste.makers.models import Claim, Invitation, Maker, OpeningPeriod, Photo, Product, Report
from localiste.makers.models.workshop import (
    SPOKEN_LANGUAGES,
    PaymentMethod,
    WorkshopAccess,
    choices_in_order,
)
from localiste.makers.services import merge_rows
from localiste.makers.services.indexing import search_index_maker, search_index_once
from localiste.makers.services.listing import maker_categories_set, maker_publish
from localiste.makers.services.territories import maker_territories_refresh
from localiste.makers.services.versions import version_claim
from localiste.makers.signals import maker_merged
from localiste.metrics.services import daily_counts_merge

SURVIVOR, ABSORBED = "survivor", merge_rows.ABSORBED
# Fields merged one by one (a filled one wins over an empty one, the operator picks between
# two values).
PLAIN_FIELDS = (
    "name", "tagline", "story", "know_how", "founded_year", "legal_name", "siret",
    "vat_number", "email", "phone", "website", "shop_url", "instagram_url", "facebook_url",
    "hours_note", "language",
)  # fmt: skip
# Fields that go together: the address is taken whole from one listing.
ADDRESS_FIELDS = (
    "street", "postcode", "locality", "country", "place", "latitude", "longitude",
    "location_precision",
)  # fmt: skip
# Wheelchair access and its note go together too: "not accessible" never gets the other
# listing's "removable ramp". Their conflict is keyed "workshop_access".
ACCESS_FIELDS = ("workshop_access", "workshop_access_note")
# Services offered: the merged listing offers what either offered.
OFFER_FIELDS = (
    "offers_workshop_visits", "offers_on_site_sale", "offers_online_shop",
    "offers_made_to_order", "offers_shipping", "offers_visits_by_appointment",
)  # fmt: skip
# Lists of choices: the merged listing states what either stated.
LIST_FIELDS = {"payment_methods": PaymentMethod.values, "languages_spoken": SPOKEN_LANGUAGES}
GROUP_LABELS = {
    "address": gettext_lazy("address"),
    "workshop_access": Maker._meta.get_field("workshop_access").verbose_name,
    "primary_category": gettext_lazy("main category"),
    "hours": gettext_lazy("opening hours"),
    "logo": gettext_lazy("logo"),
    "cover": gettext_lazy("cover"),
}
# Counters of `localiste.metrics` kept per maker (page views, contact clicks…).
MAKER_COUNT_PREFIX = "maker."


@dataclass(frozen=True)
class MergeConflict:
    """A field both listings fill differently: the operator keeps one of the two values.

    `survivor` and `absorbed` are the values themselves (a Category, a Photo, a list of
    opening periods for the groups), `survivor_text` and `absorbed_text` how to show them.
    """

    field: str
    label: str
    survivor: Any
    absorbed: Any
    survivor_text: str
    absorbed_text: str


def _filled(value: Any, name: str = "") -> bool:
    if name == "workshop_access" and value == WorkshopAccess.UNKNOWN:
        return False  # the wheelchair access a maker has not stated
    return value not in (None, "", [], {})


def _text(name: str, value: Any) -> str:
    """`value` of the Maker field `name` as the operator reads it: a choice by its label."""
    choices = dict(Maker._meta.get_field(name).flatchoices)
    return str(choices.get(value, value))


def _access(maker: Maker) -> tuple:
    return tuple(getattr(maker, name) for name in ACCESS_FIELDS)


def _access_filled(maker: Maker) -> bool:
    return any(_filled(getattr(maker, name), name) for name in ACCESS_FIELDS)


def _access_text(maker: Maker) -> str:
    label = capfirst(_text("workshop_access", maker.workshop_access))
    return f"{label} ({maker.workshop_access_note})" if maker.workshop_access_note else label


def _address(maker: Maker) -> tuple:
    names = (f"{name}_id" if name == "place" else name for name in ADDRESS_FIELDS)
    return tuple(getattr(maker, name) for name in names)


def _address_filled(maker: Maker) -> bool:
    return any(_filled(getattr(maker, name)) for name in ("street", "postcode", "locality")) or (
        maker.has_location
    )


def _address_text(maker: Maker) -> str:
    town = " ".join(part for part in (maker.postcode, maker.locality) if part)
    return ", ".join(part for part in (maker.street, town) if part)


def _hours(maker: Maker) -> list[OpeningPeriod]:
    return list(maker.opening_periods.order_by("weekday", "opens"))


def merge_conflicts(*, survivor: Maker, absorbed: Maker) -> list[MergeConflict]:
    """The fields that both listings fill with different values, in the order of the page.

    Their keys are those `maker_merge` takes in `choices`: Maker field names, and
    "address", "workshop_access" (with its note), "primary_category", "hours", "logo" and
    "cover" for the groups.
    """
    conflicts = []
    for name in PLAIN_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(absorbed, name)
        if _filled(mine) and _filled(theirs) and mine != theirs:
            label = str(Maker._meta.get_field(name).verbose_name)
            conflicts.append(
                MergeConflict(name, label, mine, theirs, _text(name, mine), _text(name, theirs))
            )
    # Groups of fields taken whole: (key, label, whether stated, values, text).
    groups = (
        ("address", GROUP_LABELS["address"], _address_filled, _address, _address_text),
        ("workshop_access", GROUP_LABELS["workshop_access"], _access_filled, _access, _access_text),
    )
    for key, label, filled, values, text in groups:
        if filled(survivor) and filled(absorbed) and values(survivor) != values(absorbed):
            conflicts.append(
                MergeConflict(
                    key,
                    str(label),
                    values(survivor),
                    values(absorbed),
                    text(survivor),
                    text(absorbed),
                )
            )
    if survivor.primary_category_id != absorbed.primary_category_id:
        mine, theirs = survivor.primary_category, absorbed.primary_category
        conflicts.append(
            MergeConflict(
                "primary_category",
                str(GROUP_LABELS["primary_category"]),
                mine,
                theirs,
                mine.name,
                theirs.name,
            )
        )
    mine, theirs = _hours(survivor), _hours(absorbed)
    as_rows = [(p.weekday, p.opens, p.closes) for p in mine]
    if mine and theirs and as_rows != [(p.weekday, p.opens, p.closes) for p in theirs]:
        conflicts.append(
            MergeConflict(
                "hours",
                str(GROUP_LABELS["hours"]),
                mine,
                theirs,
                "; ".join(map(str, mine)),
                "; ".join(map(str, theirs)),
            )
        )
    for kind in (Photo.Kind.LOGO, Photo.Kind.COVER):
        mine = merge_rows.single_photo(survivor, kind)
        theirs = merge_rows.single_photo(absorbed, kind)
        if mine is not None and theirs is not None:
            conflicts.append(
                MergeConflict(
                    str(kind),
                    str(GROUP_LABELS[str(kind)]),
                    mine,
                    theirs,
                    mine.alt_text,
                    theirs.alt_text,
                )
            )
    return conflicts


def _choices_checked(choices: Mapping[str, str], conflicts: list[MergeConflict]) -> dict:
    """{conflicting field: "survivor" | "absorbed"}; a field not chosen keeps the survivor's."""
    known = {conflict.field for conflict in conflicts}
    checked = {}
    for name, side in choices.items():
        if side not in (SURVIVOR, ABSORBED):
            raise ValidationError(
                _("Choose which listing's value to keep for “%(field)s”.") % {"field": name}
            )
        if name in known:
            checked[name] = side
    return checked


def _room_check(survivor: Maker, absorbed: Maker) -> None:
    """ValidationError if the merged page would hold more products or photos than a page may."""
    both = [survivor, absorbed]
    products, limit = (
        Product.objects.filter(maker__in=both).count(),
        settings.MAX_PRODUCTS_PER_MAKER,
    )
    if products > limit:
        raise ValidationError(
            ngettext(
                "Together the two listings hold %(total)d product, more than a page may hold "
                "(%(limit)d). Remove some before merging them.",
                "Together the two listings hold %(total)d products, more than a page may hold "
                "(%(limit)d). Remove some before merging them.",
                products,
            )
            % {"total": products, "limit": limit}
        )
    photos, limit = Photo.objects.filter(maker__in=both).count(), settings.MAX_PHOTOS_PER_MAKER
    if photos > limit:
        raise ValidationError(
            ngettext(
                "Together the two listings hold %(total)d photo, more than a page may hold "
                "(%(limit)d). Remove some before merging them.",
                "Together the two listings hold %(total)d photos, more than a page may hold "
                "(%(limit)d). Remove some before merging them.",
                photos,
            )
            % {"total": photos, "limit": limit}
        )


@transaction.atomic
@search_index_once()
def maker_merge(
    *,
    survivor: Maker,
    absorbed: Maker,
    choices: Mapping[str, str],
    operator: AbstractBaseUser,
    survivor_version: int,
    absorbed_version: int,
) -> Maker:
    """Merge `absorbed` into `survivor` and delete it; the merged survivor.

    `choices` maps the fields of `merge_conflicts` to "survivor" or "absorbed" (a field not
    given keeps the survivor's value). `survivor_version` and `absorbed_version` are the
    versions the operator compared: if either listing was saved since, EditConflict and
    nothing changes. ValidationError when the two are one listing, or would hold more
    products or photos than a page may.
    """
    if survivor.pk == absorbed.pk:
        raise ValidationError(_("A listing cannot be merged with itself."))
    if absorbed.is_published and survivor.status in (Maker.Status.SUSPENDED, Maker.Status.REFUSED):
        # Merging would take a public page off the site with no decision to say why.
        raise ValidationError(
            _(
                "The listing kept is off the site while the other one is public: keep the "
                "public one, or publish this one again first."
            )
        )
    # The lower id first, as every writer takes the rows (no deadlock between two merges).
    for maker, version in sorted(
        ((survivor, survivor_version), (absorbed, absorbed_version)), key=lambda row: row[0].pk
    ):
        version_claim(row=maker, version=version)
        maker.refresh_from_db()
    _room_check(survivor, absorbed)
    conflicts = merge_conflicts(survivor=survivor, absorbed=absorbed)
    chosen = _choices_checked(choices, conflicts)
    kept = (*PLAIN_FIELDS, *ADDRESS_FIELDS, *ACCESS_FIELDS, *LIST_FIELDS, *OFFER_FIELDS)
    before = {name: getattr(survivor, name) for name in kept}
    address_moved = _fields_merge(survivor, absorbed, chosen)
    survivor.full_clean(exclude=["primary_category"])
    survivor.save()
    if address_moved:
        maker_territories_refresh(maker=survivor)

    primary = (
        absorbed.primary_category
        if chosen.get("primary_category") == ABSORBED
        else survivor.primary_category
    )
    direct = set(
        Category.objects.filter(
            maker_links__maker__in=[survivor, absorbed], maker_links__is_direct=True
        ).values_list("pk", flat=True)
    )
    maker_categories_set(
        maker=survivor,
        primary=primary,
        others=list(Category.objects.filter(pk__in=direct - {primary.pk})),
        actor=operator,
        by_operator=True,
    )
    survivor.labels.add(*absorbed.labels.all())

    moved = {
        "products": merge_rows.products_move(survivor, absorbed),
        "photos": merge_rows.photos_move(survivor, absorbed, chosen),
        "hours": merge_rows.hours_move(survivor, absorbed, chosen),
        "sales_points": merge_rows.sales_points_move(survivor, absorbed),
        "members": merge_rows.members_move(survivor, absorbed),
    }
    for model in (Claim, Invitation, Report):
        moved[model._meta.model_name] = model.objects.filter(maker=absorbed).update(maker=survivor)
    merge_rows.revisions_move(survivor, absorbed, operator)
    moved["statistics"] = daily_counts_merge(
        kind_prefix=MAKER_COUNT_PREFIX, from_object_id=absorbed.pk, into_object_id=survivor.pk
    )
    merge_rows.candidates_follow(survivor, absorbed, operator)
    merge_rows.redirects_follow(survivor, absorbed)
    # The absorbed listing's history is the survivor's now.
    audit_entries(absorbed).update(object_id=survivor.pk, object_pk=str(survivor.pk))
    maker_merged.send(sender=Maker, survivor_id=survivor.pk, absorbed_id=absorbed.pk)

    if absorbed.is_published and survivor.status in (
        Maker.Status.DRAFT,
        Maker.Status.PENDING,
        Maker.Status.NEEDS_CHANGES,
    ):
        # The operator has just reviewed both: what was public stays public.
        maker_publish(maker=survivor, operator=operator)
    merge_rows.absorbed_delete(absorbed)
    audit_record(
        actor=operator,
        action="maker.merge",
        target=survivor,
        changes={
            "merged_listing": (None, {"name": absorbed.name, "slug": absorbed.slug, **moved}),
            **{name: (value, getattr(survivor, name)) for name, value in before.items()},
        },
        by_operator=True,
    )
    search_index_maker(maker_id=survivor.pk)
    survivor.refresh_from_db()
    return survivor


def _fields_merge(survivor: Maker, absorbed: Maker, chosen: dict) -> bool:
    """Give `survivor` (not saved) the richer value of each field; whether the address moved.

    A filled field wins over an empty one; between two values, the operator's choice (the
    survivor's by default). Services offered, and being featured, add up; the listing has
    been public since the earlier of the two publications.
    """

    def takes_absorbed(name: str, mine: Any, theirs: Any) -> bool:
        if not _filled(theirs):
            return False
        return not _filled(mine) or chosen.get(name) == ABSORBED

    for name in PLAIN_FIELDS:
        if takes_absorbed(name, getattr(survivor, name), getattr(absorbed, name)):
            setattr(survivor, name, getattr(absorbed, name))
    address_moves = _address_filled(absorbed) and (
        not _address_filled(survivor) or chosen.get("address") == ABSORBED
    )
    if address_moves:
        for name in ADDRESS_FIELDS:
            setattr(survivor, name, getattr(absorbed, name))
    if _access_filled(absorbed) and (
        not _access_filled(survivor) or chosen.get("workshop_access") == ABSORBED
    ):
        for name in ACCESS_FIELDS:
            setattr(survivor, name, getattr(absorbed, name))
    for name in OFFER_FIELDS:
        setattr(survivor, name, getattr(survivor, name) or getattr(absorbed, name))
    for name, codes in LIST_FIELDS.items():
        both = [*getattr(survivor, name), *getattr(absorbed, name)]
        setattr(survivor, name, choices_in_order(both, codes))
    survivor.is_featured = survivor.is_featured or absorbed.is_featured
    survivor.eligibility = {**absorbed.eligibility, **survivor.eligibility}
    survivor.submitted_at = survivor.submitted_at or absorbed.submitted_at
    survivor.confirmed_at = max(
        (moment for moment in (survivor.confirmed_at, absorbed.confirmed_at) if moment),
        default=None,
    )
    published = [m.published_at for m in (survivor, absorbed) if m.published_at]
    survivor.published_at = min(published, default=None)
    if survivor.source_key is None and absorbed.source_key:
        # Keeps a later import from listing the absorbed one again (the key is unique).
        survivor.source_id, survivor.source_key = absorbed.source_id, absorbed.source_key
        survivor.source_values = absorbed.source_values
        survivor.source_seen_at = absorbed.source_seen_at
        Maker.objects.filter(pk=absorbed.pk).update(source=None, source_key=None)
    return address_moves
