"""Background work of the makers app, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from localiste.makers.duplicate_scan import duplicates_find_all
from localiste.makers.models import MakerCategory
from localiste.makers.services.category_relist import RELIST_CHUNK, category_makers_relist_chunk
from localiste.makers.services.freshness import freshness_mails_send
from localiste.makers.services.indexing import search_index_makers
from localiste.makers.services.listing import category_counts_refresh
from localiste.makers.services.territories import territory_members_refresh
from localiste.places.models import Territory


@task()
def territory_members_refresh_task(territory_id: int) -> int:
    """Work out again which listings belong to territory `territory_id` (after it changed)."""
    territory = Territory.objects.filter(pk=territory_id).first()
    return territory_members_refresh(territory=territory) if territory else 0


@task()
def duplicates_find_all_task() -> str:
    """Look for possible duplicates among all the listings (after a large import); what the
    pass found."""
    return str(duplicates_find_all())


@task()
def categories_reindex_task(category_ids: list[int]) -> int:
    """Re-index the listings of these categories (their names changed); how many."""
    maker_ids = sorted(
        set(
            MakerCategory.objects.filter(category_id__in=category_ids).values_list(
                "maker_id", flat=True
            )
        )
    )
    search_index_makers(maker_ids=maker_ids)
    return len(maker_ids)


@task()
def category_makers_relist_task(
    category_ids: list[int], after_maker_id: int = 0, touched_ids: list[int] | None = None
) -> int:
    """List the makers of `category_ids` again under their categories' ancestors, as the
    tree is now (after a move or a merge), and re-index them: one chunk of makers, by id
    after `after_maker_id`, per run, which queues the next; the last run recounts the
    categories touched on the way (`touched_ids`). How many makers this run listed."""
    maker_ids, touched = category_makers_relist_chunk(
        category_ids=category_ids, after_maker_id=after_maker_id
    )
    touched_ids = sorted(set(touched_ids or ()) | touched)
    if len(maker_ids) == RELIST_CHUNK:
        category_makers_relist_task.enqueue(category_ids, maker_ids[-1], touched_ids)
    else:
        category_counts_refresh(category_ids={*touched_ids, *category_ids})
    return len(maker_ids)


@task()
def freshness_mails_task() -> dict:
    """Ask the published listings that are due to confirm their page is current (and remind
    those that did not answer); what was sent."""
    run = freshness_mails_send()
    return {"asked": run.asked, "reminded": run.reminded, "without_address": run.without_address}
