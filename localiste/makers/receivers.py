"""The makers' side of what lower apps announce: territories and categories that changed.

Each can touch a million listings, so the work is queued for the task worker (a moved
category's makers once the move commits: they are listed under their new ancestors and
re-indexed, a chunk at a time).
"""

from django.dispatch import receiver

from localiste.catalog.signals import category_moved, category_renamed
from localiste.makers.services.category_relist import category_makers_relist_later
from localiste.makers.tasks import categories_reindex_task, territory_members_refresh_task
from localiste.places.signals import territory_changed


@receiver(territory_changed, dispatch_uid="makers.territory_changed")
def on_territory_changed(sender, *, territory_id: int, **kwargs) -> None:
    territory_members_refresh_task.enqueue(territory_id)


@receiver(category_renamed, dispatch_uid="makers.category_renamed")
def on_category_renamed(sender, *, category_ids: list[int], **kwargs) -> None:
    categories_reindex_task.enqueue(list(category_ids))


@receiver(category_moved, dispatch_uid="makers.category_moved")
def on_category_moved(sender, *, category_ids: list[int], **kwargs) -> None:
    category_makers_relist_later(category_ids=category_ids)
