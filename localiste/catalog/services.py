"""Writes of the taxonomy, as operators make them: categories and labels.

Names of categories are part of what the search engine indexes of each maker; when they
change, `signals.category_renamed` tells the makers' side, which re-indexes those listed.
A category given another parent takes its sub-categories along, and `signals.category_moved`
tells the makers' side to list their makers under their new ancestors. Merging two
categories moves makers, so it is the makers' service `category_merge`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from localiste.catalog.models import Category, CategoryRedirect, Label
from localiste.catalog.origins import category_origin_km_map_clear
from localiste.catalog.signals import category_moved, category_renamed
from localiste.core.models import is_referenced

NAME_FIELDS = ("name_fr", "name_en")


def category_subtree_ids(category: Category) -> list[int]:
    """The ids of `category` and of every category below it, from the top down."""
    ids, level = [category.pk], [category.pk]
    while level:
        level = list(Category.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids.extend(level)
    return ids


def category_depths_refresh(*, category: Category) -> None:
    """Give the sub-categories of `category` their depth again (after it moved)."""
    level, depth = [category.pk], category.depth
    while level:
        depth += 1
        below = Category.objects.filter(parent_id__in=level)
        below.update(depth=depth)
        level = list(below.values_list("pk", flat=True))


@transaction.atomic
def category_redirect_add(*, old_slug: str, category: Category) -> None:
    """Send `/categories/<old_slug>/` (and older addresses that led there) to `category`."""
    if old_slug == category.slug:
        return
    CategoryRedirect.objects.update_or_create(old_slug=old_slug, defaults={"category": category})


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Save `category` (new, renamed, moved under another parent…), or ValidationError.

    A new slug keeps the old address working (a permanent redirect); a live category takes
    its slug back from any redirect.
    """
    before = (
        Category.objects.filter(pk=category.pk)
        .values("parent_id", "slug", "typical_origin_km", *NAME_FIELDS)
        .first()
    )
    category.full_clean()
    category.save()
    CategoryRedirect.objects.filter(old_slug=category.slug).delete()
    if before is None or any(
        before[name] != getattr(category, name) for name in ("parent_id", "typical_origin_km")
    ):
        # What it (and its sub-categories) inherit as the typical distance may have changed.
        transaction.on_commit(category_origin_km_map_clear)
    if before is None:
        return category
    if before["slug"] != category.slug:
        category_redirect_add(old_slug=before["slug"], category=category)
    if before["parent_id"] != category.parent_id:
        category_depths_refresh(category=category)
        category_moved.send(sender=Category, category_ids=category_subtree_ids(category))
    elif any(before[name] != getattr(category, name) for name in NAME_FIELDS):
        category_renamed.send(sender=Category, category_ids=[category.pk])
    return category


def category_in_use(category: Category) -> bool:
    """Whether a listing or a sub-category still uses `category` (it cannot be deleted)."""
    return is_referenced(category)


@transaction.atomic
def category_delete(*, category: Category) -> None:
    """Delete an unused category, or ValidationError."""
    if category_in_use(category):
        raise ValidationError(category_in_use_message())
    category.delete()


def category_in_use_message() -> str:
    """Why a category in use cannot be deleted, and what to do instead."""
    return _(
        "This category still has makers or sub-categories, so it cannot be deleted. Merge it "
        "into another category instead (the action “Merge into another category…” of the "
        "list of categories): its makers, products and sub-categories move there, and its "
        "address leads there."
    )


@transaction.atomic
def label_save(*, label: Label) -> Label:
    """Save `label` (new or changed), or ValidationError."""
    label.full_clean()
    label.save()
    return label


def label_in_use(label: Label) -> bool:
    """Whether a listing holds `label` (it cannot be deleted)."""
    return is_referenced(label)


@transaction.atomic
def label_delete(*, label: Label) -> None:
    """Delete a label nobody holds, or ValidationError."""
    if label_in_use(label):
        raise ValidationError(label_in_use_message())
    label.delete()


def label_in_use_message() -> str:
    """Why a label in use cannot be deleted."""
    return _("Makers hold this label, so it cannot be deleted.")
