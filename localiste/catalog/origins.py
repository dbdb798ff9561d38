"""How far a product of each kind travels when it is made far away, as the categories say.

`Category.typical_origin_km` is set on top-level categories (operators edit it in the
admin); a sub-category without its own value takes the nearest ancestor's. Cards and maker
pages read the resolved map {category id: km} from the cache, since the maker page's query
budget has no room for it: `catalog.services.category_save` and the category merge
(`makers.services.category_merge`) empty it once their write commits, and it expires after
a few minutes anyway, for writes made elsewhere (imports, migrations). The one reader of a
single category's value is `makers.transport.typical_origin_km`.
"""

from dataclasses import dataclass

from django.core.cache import cache

from localiste.catalog.models import Category

ORIGIN_KM_CACHE_KEY = "catalog:typical-origin-km:v1"
ORIGIN_KM_CACHE_SECONDS = 600


def category_origin_km_map_build() -> dict[int, int]:
    """{category id: typical distance in km} for the categories that have one, inherited."""
    rows = {
        pk: (parent_id, km)
        for pk, parent_id, km in Category.objects.values_list(
            "pk", "parent_id", "typical_origin_km"
        )
    }
    resolved: dict[int, int] = {}
    for pk in rows:
        ancestor, seen = pk, set()
        # The tree is at most three deep; `seen` guards against a loop in bad data.
        while ancestor is not None and ancestor not in seen:
            seen.add(ancestor)
            parent_id, km = rows.get(ancestor, (None, None))
            if km is not None:
                resolved[pk] = km
                break
            ancestor = parent_id
    return resolved


def category_origin_km_map() -> dict[int, int]:
    """The resolved map, from the cache (one small query on a cold cache)."""
    found = cache.get(ORIGIN_KM_CACHE_KEY)
    if found is None:
        found = category_origin_km_map_build()
        cache.set(ORIGIN_KM_CACHE_KEY, found, ORIGIN_KM_CACHE_SECONDS)
    return found


def category_origin_km_map_clear() -> None:
    """Forget the map: the next read rebuilds it. (A page read before the write commits may
    cache the old values again; the cache's few minutes bound that.)"""
    cache.delete(ORIGIN_KM_CACHE_KEY)


@dataclass(frozen=True)
class OriginRow:
    """A line of the method page's table: a category with its own typical distance (None:
    no estimate for it), and whether it is a sub-category that overrides its parent's."""

    category: Category
    km: int | None
    is_override: bool = False


def category_origin_rows() -> list[OriginRow]:
    """Each top-level category with its typical distance, each followed by the sub-categories
    that set their own (one query, in the tree's order)."""
    categories = list(Category.objects.order_by("depth", "position", "name_fr"))
    children: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id is not None:
            children.setdefault(category.parent_id, []).append(category)
    rows: list[OriginRow] = []

    def below(category: Category) -> None:
        for child in children.get(category.pk, ()):
            if child.typical_origin_km is not None:
                rows.append(OriginRow(child, child.typical_origin_km, is_override=True))
            below(child)

    for category in categories:
        if category.parent_id is None:
            rows.append(OriginRow(category, category.typical_origin_km))
            below(category)
    return rows
