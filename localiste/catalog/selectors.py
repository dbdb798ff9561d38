"""Public reads of the category tree (the taxonomy only: listing makers is makers.selectors)."""

from django.http import Http404
from django.utils.translation import gettext as _

from localiste.catalog.models import Category, CategoryRedirect


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


def category_for_slug(slug: str) -> Category | None:
    """The category `slug` names, or the one it was merged into (or renamed to); else None."""
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        redirect = CategoryRedirect.objects.filter(old_slug=slug).select_related("category")
        category = next((row.category for row in redirect[:1]), None)
    return category


def category_old_slugs() -> dict[str, Category]:
    """{old slug: the category it leads to now} for every old address (to resolve many at
    once, as an import does; one slug is `category_for_slug`)."""
    redirects = CategoryRedirect.objects.select_related("category")
    return {row.old_slug: row.category for row in redirects}


def category_get_public(*, slug: str) -> Category:
    """The category `slug` (or Http404), given `ancestors` (root first) and `child_list`.

    An old slug (of a category merged into another, or renamed) gives the category it leads
    to now, whose `slug` then differs from the one asked for: the page redirects there.
    """
    category = Category.objects.select_related("parent__parent").filter(slug=slug).first()
    if category is None:
        moved = category_for_slug(slug)
        if moved is None:
            raise Http404(_("There is no such category."))
        return moved
    ancestors = []
    parent = category.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent if parent.parent_id else None
    category.ancestors = ancestors
    category.child_list = list(category.children.all())
    return category
