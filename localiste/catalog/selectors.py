"""Public reads of the category tree (the taxonomy only: listing makers is makers.selectors)."""

from django.shortcuts import get_object_or_404

from localiste.catalog.models import Category


def categories_top_level() -> list[Category]:
    """The top-level categories in display order, with their published maker counts."""
    return list(Category.objects.filter(parent__isnull=True))


def category_tree() -> list[Category]:
    """The top-level categories, each given `child_list` (its sub-categories), in one query."""
    categories = list(Category.objects.filter(depth__lte=2))
    children: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id is not None:
            children.setdefault(category.parent_id, []).append(category)
    top_level = [category for category in categories if category.parent_id is None]
    for category in top_level:
        category.child_list = children.get(category.pk, [])
    return top_level


def category_get_public(*, slug: str) -> Category:
    """The category `slug` (or Http404), given `ancestors` (root first) and `child_list`."""
    category = get_object_or_404(Category.objects.select_related("parent__parent"), slug=slug)
    ancestors = []
    parent = category.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent if parent.parent_id else None
    category.ancestors = ancestors
    category.child_list = list(category.children.all())
    return category
