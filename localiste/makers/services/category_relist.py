"""Listing makers again under the ancestors of their categories, after the tree changed.

A category given another parent (`catalog.signals.category_moved`) or merged into another
(`category_merge`) changes the ancestors its makers are listed under. The request that made
the change only changes the tree and the makers' own links; rebuilding their listings under
the new ancestors and re-indexing them is the task worker's
(`makers.tasks.category_makers_relist_task`), a chunk of makers per transaction, so that no
request and no task holds the database's write lock for long.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from localiste.makers.models import MakerCategory
from localiste.makers.services.indexing import search_index_makers
from localiste.makers.services.listing import category_with_ancestors

CHUNK = 1000
# Makers listed again (and re-indexed) per transaction of the worker.
RELIST_CHUNK = 500


def category_links_rebuild(*, maker_ids: Iterable[int]) -> set[int]:
    """List each of `maker_ids` again under the ancestors of its own categories, as the tree
    is now; the ids of the categories whose listings changed (to recount)."""
    maker_ids = sorted(set(maker_ids))
    touched: set[int] = set()
    ancestors: dict[frozenset[int], list[int]] = {}
    for start in range(0, len(maker_ids), CHUNK):
        chunk = maker_ids[start : start + CHUNK]
        rows = MakerCategory.objects.filter(maker_id__in=chunk)
        direct: dict[int, set[int]] = defaultdict(set)
        listed_at = {}
        for maker_id, category_id, is_direct, listed in rows.values_list(
            "maker_id", "category_id", "is_direct", "listed_at"
        ):
            (direct[maker_id] if is_direct else touched).add(category_id)
            listed_at[maker_id] = listed
        rows.filter(is_direct=False).delete()
        new_rows = []
        for maker_id, own in direct.items():
            key = frozenset(own)
            if key not in ancestors:
                links = category_with_ancestors(key)
                ancestors[key] = [pk for pk, is_direct in links.items() if not is_direct]
            touched.update(ancestors[key])
            new_rows.extend(
                MakerCategory(
                    maker_id=maker_id,
                    category_id=category_id,
                    is_direct=False,
                    listed_at=listed_at[maker_id],
                )
                for category_id in ancestors[key]
            )
        MakerCategory.objects.bulk_create(new_rows, batch_size=CHUNK)
    return touched


@transaction.atomic
def category_makers_relist_chunk(
    *, category_ids: list[int], after_maker_id: int = 0
) -> tuple[list[int], set[int]]:
    """List again, under the ancestors of their categories, the next `RELIST_CHUNK` makers
    (by id, after `after_maker_id`) listed directly in `category_ids`, and re-index them;
    their ids, and the ids of the categories whose listings changed (to recount)."""
    maker_ids = list(
        MakerCategory.objects.filter(
            category_id__in=category_ids, is_direct=True, maker_id__gt=after_maker_id
        )
        .order_by("maker_id")
        .values_list("maker_id", flat=True)
        .distinct()[:RELIST_CHUNK]
    )
    touched = category_links_rebuild(maker_ids=maker_ids)
    search_index_makers(maker_ids=maker_ids)
    return maker_ids, touched


def category_makers_relist_later(*, category_ids: Iterable[int]) -> None:
    """Have the worker list again (and re-index) the makers of `category_ids` once the
    current transaction commits (they would otherwise be read as they were before it)."""
    from localiste.makers.tasks import category_makers_relist_task  # the tasks import this

    ids = sorted(set(category_ids))
    transaction.on_commit(lambda: category_makers_relist_task.enqueue(ids))
