"""The makers' side of what lower apps announce: territories and category names that changed.

Both can touch a million listings, so the work is queued for the task worker.
"""

from django.dispatch import receiver

from localiste.catalog.signals import category_renamed
from localiste.makers.tasks import categories_reindex_task, territory_members_refresh_task
from localiste.places.signals import territory_changed


@receiver(territory_changed, dispatch_uid="makers.territory_changed")
def on_territory_changed(sender, *, territory_id: int, **kwargs) -> None:
    territory_members_refresh_task.enqueue(territory_id)


@receiver(category_renamed, dispatch_uid="makers.category_renamed")
def on_category_renamed(sender, *, category_ids: list[int], **kwargs) -> None:
    categories_reindex_task.enqueue(list(category_ids))
