"""Background work of the makers app, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from localiste.makers.duplicate_scan import duplicates_find_all
from localiste.makers.models import MakerCategory
from localiste.makers.services.freshness import freshness_mails_send
from localiste.makers.services.indexing import search_index_makers
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
def freshness_mails_task() -> dict:
    """Ask the published listings that are due to confirm their page is current (and remind
    those that did not answer); what was sent."""
    run = freshness_mails_send()
    return {"asked": run.asked, "reminded": run.reminded, "without_address": run.without_address}
