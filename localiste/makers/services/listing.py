"""Listing a maker: create it, put it in categories, publish, withdraw or delete it."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from localiste.catalog.models import Category
from localiste.core.slugs import unique_slug
from localiste.makers.images import media_files_delete, photo_files
from localiste.makers.models import Maker, MakerCategory
from localiste.makers.services.indexing import search_index_maker


def category_with_ancestors(category_ids: Iterable[int]) -> dict[int, bool]:
    """{category id: is_direct} for `category_ids` and every ancestor of theirs."""
    parents = dict(Category.objects.values_list("id", "parent_id"))
    links = dict.fromkeys(category_ids, True)
    for category_id in list(links):
        parent_id = parents.get(category_id)
        while parent_id is not None:
            links.setdefault(parent_id, False)
            parent_id = parents.get(parent_id)
    return links


@transaction.atomic
def maker_categories_set(
    *, maker: Maker, primary: Category, others: Iterable[Category] = ()
) -> None:
    """List `maker` under `primary` and `others` (and, implicitly, under their ancestors)."""
    maker.primary_category = primary
    maker.save(update_fields=["primary_category", "updated_at"])
    links = category_with_ancestors([primary.pk, *(category.pk for category in others)])
    before = set(maker.category_links.values_list("category_id", flat=True))
    maker.category_links.all().delete()
    listed_at = maker.published_at if maker.is_published else None
    MakerCategory.objects.bulk_create(
        MakerCategory(
            maker=maker, category_id=category_id, is_direct=is_direct, listed_at=listed_at
        )
        for category_id, is_direct in links.items()
    )
    if maker.is_published:
        category_counts_refresh(category_ids=before | set(links))
    search_index_maker(maker_id=maker.pk)


@transaction.atomic
def maker_create(
    *, name: str, primary_category: Category, others: Iterable[Category] = (), **fields
) -> Maker:
    """A new draft listing named `name`, under `primary_category` (and `others`)."""
    maker = Maker(name=name, primary_category=primary_category, **fields)
    maker.slug = unique_slug(name, Maker.objects.all())
    maker.status = fields.get("status", Maker.Status.DRAFT)
    maker.full_clean()
    maker.save()
    maker_categories_set(maker=maker, primary=primary_category, others=others)
    return maker


@transaction.atomic
def maker_publish(*, maker: Maker) -> Maker:
    """Make `maker` public: listed in its categories from now on."""
    if maker.is_published:
        return maker
    maker.status = Maker.Status.PUBLISHED
    maker.published_at = maker.published_at or timezone.now()
    maker.save(update_fields=["status", "published_at", "updated_at"])
    maker.category_links.update(listed_at=maker.published_at)
    category_counts_refresh(category_ids=maker.category_links.values_list("category_id", flat=True))
    search_index_maker(maker_id=maker.pk)
    return maker


@transaction.atomic
def maker_withdraw(*, maker: Maker, status: str = Maker.Status.SUSPENDED) -> Maker:
    """Take `maker` off the public site, keeping its content, with the given non-public status."""
    if status == Maker.Status.PUBLISHED:
        raise ValueError("maker_withdraw needs a non-public status")
    was_published = maker.is_published
    maker.status = status
    maker.save(update_fields=["status", "updated_at"])
    maker.category_links.update(listed_at=None)
    if was_published:
        category_counts_refresh(
            category_ids=maker.category_links.values_list("category_id", flat=True)
        )
    search_index_maker(maker_id=maker.pk)
    return maker


@transaction.atomic
def maker_delete(*, maker: Maker) -> None:
    """Delete `maker` and all it holds: off the category counts and the search index first,
    its photos' files once the deletion has committed (those no other photo uses)."""
    if maker.is_published:
        maker_withdraw(maker=maker)
    names = [name for photo in maker.photos.all() for name in photo_files(photo)]
    maker_id = maker.pk
    maker.delete()
    search_index_maker(maker_id=maker_id)
    transaction.on_commit(lambda: media_files_delete(names=names))


def category_counts_refresh(*, category_ids: Iterable[int] | None = None) -> None:
    """Recount the published makers of the given categories (all of them when None).

    Each count reads one range of the (category, listed_at) index, so refreshing after a
    publication is cheap; bulk loads call it once at the end.
    """
    categories = Category.objects.all()
    if category_ids is not None:
        categories = categories.filter(pk__in=list(category_ids))
    counts = dict(
        MakerCategory.objects.filter(category__in=categories, listed_at__isnull=False)
        .values("category_id")
        .annotate(total=Count("id"))
        .values_list("category_id", "total")
    )
    for category in categories.only("pk", "published_maker_count"):
        total = counts.get(category.pk, 0)
        if category.published_maker_count != total:
            Category.objects.filter(pk=category.pk).update(published_maker_count=total)
