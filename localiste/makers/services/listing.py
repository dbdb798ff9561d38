"""Listing a maker: create it, put it in categories, publish, withdraw or delete it."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from localiste.catalog.models import Category
from localiste.core.slugs import unique_slug
from localiste.makers.audit import audit_forget, audit_record
from localiste.makers.duplicates import duplicates_check_after_commit
from localiste.makers.images import media_files_delete, photo_files
from localiste.makers.models import Maker, MakerCategory, SlugRedirect
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
    *,
    maker: Maker,
    primary: Category,
    others: Iterable[Category] = (),
    actor: AbstractBaseUser | None = None,
    by_operator: bool | None = None,
) -> None:
    """List `maker` under `primary` and `others` (and, implicitly, under their ancestors).

    The change goes into its history as made by `actor` (None: the request's user), as an
    operator or not (`by_operator`; by default, whether they are staff).
    """
    others = [category for category in others if category.pk != primary.pk]
    old_primary_id = maker.primary_category_id
    maker.primary_category = primary
    maker.save(update_fields=["primary_category", "updated_at"])
    links = category_with_ancestors([primary.pk, *(category.pk for category in others)])
    old_links = dict(maker.category_links.values_list("category_id", "is_direct"))
    before = set(old_links)
    old_direct = {pk for pk, is_direct in old_links.items() if is_direct}
    if old_links:  # a new listing's categories are in the entry of its creation
        _categories_record(
            maker=maker,
            actor=actor,
            old_primary_id=old_primary_id,
            old_other_ids=old_direct - {old_primary_id},
            primary=primary,
            others=others,
            by_operator=by_operator,
        )
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


def _categories_record(
    *,
    maker: Maker,
    actor: AbstractBaseUser | None,
    old_primary_id: int | None,
    old_other_ids: set[int],
    primary: Category,
    others: list[Category],
    by_operator: bool | None,
) -> None:
    """Record a change of `maker`'s categories, if they changed."""
    new_other_ids = {category.pk for category in others}
    if (old_primary_id, old_other_ids) == (primary.pk, new_other_ids):
        return
    # Their names as they are now: the record stays readable if a category is renamed or
    # removed later. One query, and only when the categories change.
    old = Category.objects.in_bulk({old_primary_id, *old_other_ids})
    audit_record(
        actor=actor,
        action="maker.categories",
        target=maker,
        changes={
            "primary_category": (old.get(old_primary_id), primary),
            "other_categories": (
                _by_name([old[pk] for pk in old_other_ids if pk in old]),
                _by_name(others),
            ),
        },
        by_operator=by_operator,
    )


def _by_name(categories: Iterable[Category]) -> list[Category]:
    return sorted(categories, key=lambda category: (category.name_fr, category.pk))


def maker_slug_unique(name: str, *, exclude: Maker | None = None) -> str:
    """A slug for `name` that no listing holds and no old address redirects from (a page
    must never take over the address of a merged or renamed one)."""

    def redirected(base: str):
        return SlugRedirect.objects.filter(old_slug__startswith=base).values_list(
            "old_slug", flat=True
        )

    return unique_slug(name, Maker.objects.all(), exclude=exclude, reserved=redirected)


@transaction.atomic
def maker_create(
    *,
    name: str,
    primary_category: Category,
    others: Iterable[Category] = (),
    actor: AbstractBaseUser | None = None,
    **fields,
) -> Maker:
    """A new draft listing named `name`, under `primary_category` (and `others`), created by
    `actor` (None: the request's user, or the site itself)."""
    others = list(others)
    maker = Maker(name=name, primary_category=primary_category, **fields)
    maker.slug = maker_slug_unique(name)
    maker.status = fields.get("status", Maker.Status.DRAFT)
    maker.full_clean()
    maker.save()
    maker_categories_set(maker=maker, primary=primary_category, others=others)
    audit_record(
        actor=actor,
        action="maker.create",
        target=maker,
        changes={
            "name": (None, maker.name),
            "primary_category": (None, primary_category),
            "other_categories": (
                None,
                _by_name(c for c in others if c.pk != primary_category.pk),
            ),
            "status": (None, maker.status),
        },
    )
    return maker


@transaction.atomic
def maker_publish(
    *, maker: Maker, operator: AbstractBaseUser | None = None, reason: str = ""
) -> Maker:
    """Make `maker` public: listed in its categories from now on.

    The `operator` who did it (None: the request's user, or the site itself) and their
    `reason` (a listing restored after a suspension) go into its history.
    """
    if maker.is_published:
        return maker
    was = maker.status
    maker.status = Maker.Status.PUBLISHED
    maker.published_at = maker.published_at or timezone.now()
    maker.save(update_fields=["status", "published_at", "updated_at"])
    maker.category_links.update(listed_at=maker.published_at)
    category_counts_refresh(category_ids=maker.category_links.values_list("category_id", flat=True))
    search_index_maker(maker_id=maker.pk)
    duplicates_check_after_commit(maker)
    audit_record(
        actor=operator,
        action="maker.restore" if was == Maker.Status.SUSPENDED else "maker.publish",
        target=maker,
        changes={"status": (was, maker.status)},
        reason=reason,
        by_operator=True if operator is not None else None,
    )
    return maker


# What taking a listing off the public site is called in its history, by the status it gets.
WITHDRAW_ACTIONS = {
    Maker.Status.SUSPENDED: "maker.suspend",
    Maker.Status.REFUSED: "maker.refuse",
    Maker.Status.NEEDS_CHANGES: "maker.request_changes",
}


@transaction.atomic
def maker_withdraw(
    *,
    maker: Maker,
    status: str = Maker.Status.SUSPENDED,
    operator: AbstractBaseUser | None = None,
    reason: str = "",
) -> Maker:
    """Take `maker` off the public site, keeping its content, with the given non-public status.

    The `operator` who did it (None: the request's user, or the site itself) and their
    `reason` (why it is suspended, refused or sent back) go into its history.
    """
    if status == Maker.Status.PUBLISHED:
        raise ValueError("maker_withdraw needs a non-public status")
    was_published = maker.is_published
    was = maker.status
    maker.status = status
    maker.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=operator,
        action=WITHDRAW_ACTIONS.get(status, "maker.withdraw"),
        target=maker,
        changes={"status": (was, status)},
        reason=reason,
        by_operator=True if operator is not None else None,
    )
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
    # Its history goes with it (its entries hold the team's addresses, phones and names);
    # one entry, without its name, says who deleted it and when.
    audit_forget(maker)
    audit_record(actor=None, action="maker.delete", target=maker, named=False)
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
