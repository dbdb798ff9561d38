"""Writes of the taxonomy, as operators make them: categories and labels.

Names of categories are part of what the search engine indexes of each maker; when they
change, `signals.category_renamed` tells the makers' side, which re-indexes those listed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from localiste.catalog.models import Category, Label
from localiste.catalog.signals import category_renamed
from localiste.core.models import is_referenced

NAME_FIELDS = ("name_fr", "name_en")


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Save `category` (new or changed), or ValidationError.

    A category keeps its parent once created: every listing's links to its ancestors would
    have to be rebuilt.
    """
    before = Category.objects.filter(pk=category.pk).values("parent_id", *NAME_FIELDS).first()
    if before and before["parent_id"] != category.parent_id:
        raise ValidationError(
            {"parent": _("A category cannot be moved: create a new one and move its makers.")}
        )
    category.full_clean()
    category.save()
    if before and any(before[name] != getattr(category, name) for name in NAME_FIELDS):
        category_renamed.send(sender=Category, category_ids=[category.pk])
    return category


def category_in_use(category: Category) -> bool:
    """Whether a listing or a sub-category still uses `category` (it cannot be deleted)."""
    return is_referenced(category)


@transaction.atomic
def category_delete(*, category: Category) -> None:
    """Delete an unused category, or ValidationError."""
    if category_in_use(category):
        raise ValidationError(_("This category still has makers or sub-categories."))
    category.delete()


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
        raise ValidationError(_("Makers hold this label."))
    label.delete()
