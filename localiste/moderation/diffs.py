"""What changed in a listing, as an operator reads it: field by field, before and after.

Values are shown as people know them: category and commune names, thumbnails of photos, an
address on one line, a position with how far it moved, and a word-by-word diff of long
texts; never ids or JSON. Two sources of "before": the public listing (for a pending
change) and the listing as it was sent back to its team (for a resubmission, kept in the
operator's decision: `listing_snapshot`).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localiste.catalog.models import Category
from localiste.makers.models import Maker, MakerCategory, MakerRevision, Photo, Product
from localiste.places.models import Place
from localiste.search.geo import distance_km

LONG_TEXTS = ("story", "know_how")
ADDRESS_KEYS = ("street", "postcode", "locality", "country")
POSITION_KEYS = ("latitude", "longitude")
CATEGORY_KEYS = ("primary_category_id", "other_category_ids")
# Keys of a pending change that list what waits rather than hold a value of the listing.
LIST_KEYS = ("photo_ids", "product_ids", "product_ids_before")
# The rows of a diff, in the order of the maker space's steps.
ROWS = (
    ("name", gettext_lazy("Name")),
    ("categories", gettext_lazy("Categories")),
    ("tagline", gettext_lazy("Tagline")),
    ("story", gettext_lazy("Story")),
    ("know_how", gettext_lazy("Know-how")),
    ("founded_year", gettext_lazy("Founded in")),
    ("address", gettext_lazy("Address")),
    ("place_id", gettext_lazy("Commune")),
    ("position", gettext_lazy("Position on the map")),
    ("location_precision", gettext_lazy("Location shown")),
    ("photos", gettext_lazy("Photos")),
    ("email", gettext_lazy("Contact email")),
    ("phone", gettext_lazy("Public phone")),
    ("website", gettext_lazy("Website")),
    ("shop_url", gettext_lazy("Online shop")),
    ("products", gettext_lazy("Products")),
)
SNAPSHOT_FIELDS = (
    "name",
    "tagline",
    "story",
    "know_how",
    "founded_year",
    *ADDRESS_KEYS,
    "place_id",
    *POSITION_KEYS,
    "location_precision",
    "email",
    "phone",
    "website",
    "shop_url",
)


@dataclass
class FieldChange:
    """One row of a diff: what a field was and what it becomes."""

    key: str
    label: str
    before: str = ""
    after: str = ""
    text_diff: SafeString | None = None  # long texts: the words removed and added
    photos_added: list[Photo] = field(default_factory=list)
    photos_removed: list[Photo] = field(default_factory=list)
    photos_gone: int = 0  # photos of the "before" deleted since (nothing left to show)


def listing_snapshot(maker: Maker) -> dict[str, Any]:
    """The reviewable values of `maker` now, as JSON (kept with a decision)."""
    snapshot = {name: getattr(maker, name) for name in SNAPSHOT_FIELDS}
    primary, others = _direct_categories(maker)
    snapshot["primary_category_id"] = primary
    snapshot["other_category_ids"] = others
    # The photos the public sees: new ones waiting for review are a change, not a value.
    shown = maker.photos.filter(product=None, pending_review=False)
    snapshot["photo_ids"] = sorted(shown.values_list("pk", flat=True))
    public_products = maker.products.filter(pending_review=False)
    snapshot["products"] = sorted(public_products.values_list("name", flat=True))
    return snapshot


def listing_fingerprint(maker: Maker) -> str:
    """A short digest of what an operator sees of `maker` on its item page (its status, its
    values, its pending changes): any save since gives another one."""
    pending = maker.revisions.filter(status=MakerRevision.Status.PENDING).order_by("pk")
    return _digest(
        [maker.status, maker.version, listing_snapshot(maker), list(pending.values_list("changes"))]
    )


def revision_fingerprint(revision: MakerRevision) -> str:
    """A short digest of the pending change `revision` as its page shows it."""
    return _digest([revision.status, revision.changes])


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _direct_categories(maker: Maker) -> tuple[int, list[int]]:
    direct = MakerCategory.objects.filter(maker=maker, is_direct=True).values_list(
        "category_id", flat=True
    )
    primary = maker.primary_category_id
    return primary, sorted(pk for pk in direct if pk != primary)


def revision_diff(*, maker: Maker, changes: Mapping[str, Any]) -> list[FieldChange]:
    """The rows of a pending change: the public values of `maker`, then `changes`."""
    before = listing_snapshot(maker)
    after = dict(before)
    after.update({key: value for key, value in changes.items() if key not in LIST_KEYS})
    if "photo_ids" in changes:
        # New photos only: those the team removed meanwhile are gone from the public page.
        after["photo_ids"] = sorted(set(before["photo_ids"]) | set(changes["photo_ids"]))
    rows = snapshot_diff(before=before, after=after)
    return rows + product_rows(
        maker=maker,
        product_ids=changes.get("product_ids", []),
        before=changes.get("product_ids_before", {}),
    )


def product_rows(
    *, maker: Maker, product_ids, before: Mapping[str, Mapping[str, Any]]
) -> list[FieldChange]:
    """A row for each product that waits for review: what it says now beside its approved
    version (a new one beside nothing), as a text diff."""
    rows = []
    waiting = Product.objects.filter(maker=maker, pk__in=list(product_ids), pending_review=True)
    products = waiting.select_related("category").order_by("position", "pk")
    wanted = {values.get("category") for values in before.values()} - {None}
    categories = Category.objects.in_bulk(wanted) if wanted else {}
    for product in products:
        approved = before.get(str(product.pk))
        now = _product_text(product.name, product.description, product.materials, product.category)
        then = ""
        if approved is not None:
            category = categories.get(approved.get("category"))
            then = _product_text(
                approved.get("name", ""),
                approved.get("description", ""),
                approved.get("materials", ""),
                category,
            )
        label = (_("Changed product") if approved is not None else _("New product")) + (
            f" · {product.name}"
        )
        rows.append(
            FieldChange(
                key="product", label=label, before=then, after=now, text_diff=text_diff(then, now)
            )
        )
    return rows


def _product_text(name: str, description: str, materials: str, category: Any) -> str:
    parts = [name, description]
    if materials:
        parts.append(_("Materials: %(materials)s") % {"materials": materials})
    if category is not None:
        parts.append(_("Category: %(category)s") % {"category": category.name})
    return "\n\n".join(part for part in parts if part)


def snapshot_diff(
    *, before: Mapping[str, Any], after: Mapping[str, Any], every_row: bool = False
) -> list[FieldChange]:
    """The rows where `after` differs from `before` (two `listing_snapshot`s); with
    `every_row`, those the same too (two listings side by side), but never two empty ones."""
    names = _Names.load(before, after)
    rows = []
    for key, label in ROWS:
        old, new = _row_value(key, before), _row_value(key, after)
        if old == new and not (every_row and _filled(new)):
            continue
        row = FieldChange(key=key, label=str(label))
        if key in LONG_TEXTS:
            row.before, row.after = old or "", new or ""
            row.text_diff = text_diff(old or "", new or "")
        elif key == "photos":
            row.photos_added = names.photos(sorted(set(new) - set(old)))
            removed_ids = sorted(set(old) - set(new))
            row.photos_removed = names.photos(removed_ids)
            row.photos_gone = len(removed_ids) - len(row.photos_removed)
        else:
            row.before = names.display(key, old)
            row.after = names.display(key, new)
            moved = distance_moved_m(old, new) if key == "position" else None
            if moved is not None:
                row.after += " " + _("(moved %(metres)s m)") % {"metres": moved}
        rows.append(row)
    return rows


def _filled(value: Any) -> bool:
    if isinstance(value, tuple):
        return any(_filled(part) for part in value)
    return value not in (None, "", [], ())


def _row_value(key: str, snapshot: Mapping[str, Any]) -> Any:
    if key == "address":
        return tuple(snapshot.get(name) or "" for name in ADDRESS_KEYS)
    if key == "position":
        return tuple(snapshot.get(name) for name in POSITION_KEYS)
    if key == "categories":
        others = sorted(snapshot.get("other_category_ids") or [])
        return (snapshot.get("primary_category_id"), others)
    if key == "photos":
        return sorted(snapshot.get("photo_ids") or [])
    if key == "products":
        return sorted(snapshot.get("products") or [])
    return snapshot.get(key)


@dataclass
class _Names:
    """The names behind the ids of two snapshots, each kind loaded in one query."""

    categories: dict[int, str]
    places: dict[int, str]
    photo_rows: dict[int, Photo]

    @classmethod
    def load(cls, *snapshots: Mapping[str, Any]) -> _Names:
        category_ids, place_ids, photo_ids = set(), set(), set()
        for snapshot in snapshots:
            category_ids.add(snapshot.get("primary_category_id"))
            category_ids.update(snapshot.get("other_category_ids") or [])
            place_ids.add(snapshot.get("place_id"))
            photo_ids.update(snapshot.get("photo_ids") or [])
        categories = {
            category.pk: category.name
            for category in Category.objects.filter(pk__in=category_ids - {None})
        }
        places = dict(Place.objects.filter(pk__in=place_ids - {None}).values_list("pk", "name"))
        photos = Photo.objects.filter(pk__in=photo_ids).order_by("position", "pk")
        return cls(categories, places, {photo.pk: photo for photo in photos})

    def photos(self, ids) -> list[Photo]:
        return [self.photo_rows[pk] for pk in ids if pk in self.photo_rows]

    def display(self, key: str, value: Any) -> str:
        if key == "categories":
            primary, others = value
            if primary is None:
                return "—"
            names = [_("%(name)s (main)") % {"name": self.categories.get(primary, "?")}]
            names += [self.categories.get(pk, "?") for pk in others]
            return ", ".join(names)
        if key == "address":
            street, postcode, locality, country = value
            town = " ".join(part for part in (postcode, locality) if part)
            return ", ".join(part for part in (street, town, country) if part) or "—"
        if key == "position":
            latitude, longitude = value
            if latitude is None or longitude is None:
                return _("not located")
            return f"{latitude:.5f}, {longitude:.5f}"
        if key == "place_id":
            return self.places.get(value, "—") if value else "—"
        if key == "location_precision":
            return str(dict(Maker.Precision.choices).get(value, value or "—"))
        if key == "products":
            return ", ".join(value) or "—"
        if value in (None, ""):
            return "—"
        return str(value)


def distance_moved_m(before: tuple, after: tuple) -> int | None:
    """How far the pin moved from `before` to `after` (latitude, longitude), in metres;
    None if either is unknown."""
    if None in before or None in after:
        return None
    return round(distance_km(*before, *after) * 1000)


_WORDS = re.compile(r"\s+|[^\s]+")


def text_diff(before: str, after: str) -> SafeString:
    """`after` as HTML with the words removed since `before` in <del> and those added in
    <ins> (each announced to screen readers), and the rest as it is."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    deleted, inserted = escape(_("Removed:")), escape(_("Added:"))
    parts = []
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation in ("delete", "replace"):
            text = escape("".join(old[a_start:a_end]))
            parts.append(f'<del><span class="visually-hidden">{deleted} </span>{text}</del>')
        if operation in ("insert", "replace"):
            text = escape("".join(new[b_start:b_end]))
            parts.append(f'<ins><span class="visually-hidden">{inserted} </span>{text}</ins>')
        if operation == "equal":
            parts.append(escape("".join(new[b_start:b_end])))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


PART_OF_KEY = {
    "name": "name",
    "primary_category_id": "categories",
    "other_category_ids": "categories",
    "tagline": "tagline",
    "story": "story",
    "know_how": "know_how",
    "photo_ids": "photos",
    "product_ids": "products",
    **dict.fromkeys((*ADDRESS_KEYS, "place_id", *POSITION_KEYS), "address"),
}


def changed_parts(changes: Mapping[str, Any]) -> list[str]:
    """The names of the parts a pending change touches ("Name, Address, Photos")."""
    labels = dict(ROWS)
    parts = []
    for key, _label in ROWS:
        if key in {PART_OF_KEY.get(name) for name in changes}:
            parts.append(str(labels[key]))
    return parts
