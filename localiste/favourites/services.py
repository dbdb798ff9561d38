"""Writes of favourites: a signed-in visitor's list, and the browser's list merged into it."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from localiste.favourites import cookie
from localiste.favourites.models import Favourite
from localiste.makers.models import Maker

PUBLISHED = Maker.Status.PUBLISHED


class FavouritesFull(Exception):
    """The list already holds FAVOURITES_MAX published makers."""


def _published_count(user) -> int:
    # Makers off the site at the moment are kept (they come back) but take no room.
    return Favourite.objects.filter(user=user, maker__status=PUBLISHED).count()


@transaction.atomic
def favourite_add(*, user, maker: Maker) -> bool:
    """Keep `maker` in `user`'s favourites; whether it was not there yet.

    FavouritesFull when the list holds FAVOURITES_MAX published makers already.
    """
    if Favourite.objects.filter(user=user, maker=maker).exists():
        return False
    if _published_count(user) >= cookie.FAVOURITES_MAX:
        raise FavouritesFull
    _, created = Favourite.objects.get_or_create(user=user, maker=maker)
    return created


@transaction.atomic
def favourite_remove(*, user, maker: Maker) -> bool:
    """Take `maker` out of `user`'s favourites; whether it was there."""
    deleted, _ = Favourite.objects.filter(user=user, maker=maker).delete()
    return bool(deleted)


@dataclass(frozen=True)
class Merged:
    """What `favourites_merge` did: how many makers it added, which published ones did not fit."""

    added: int
    left_over: list[str]


@transaction.atomic
def favourites_merge(*, user, slugs: Iterable[str]) -> Merged:
    """Add the makers of `slugs` to `user`'s favourites, published ones as room allows.

    Used when a visitor signs in with favourites kept in their browser, and to add a whole
    shared list. Makers already kept and unknown slugs are skipped; makers not published at
    the moment are kept too (they take no room); the published makers beyond the room left
    are given back in `left_over`, in the order of `slugs`, for the caller to keep or tell.
    """
    slugs = list(dict.fromkeys(slugs))
    kept = set(Favourite.objects.filter(user=user).values_list("maker_id", flat=True))
    room = max(cookie.FAVOURITES_MAX - _published_count(user), 0)
    makers = {
        maker.slug: maker
        for maker in Maker.objects.filter(slug__in=slugs).only("pk", "slug", "status")
    }
    new, left_over = [], []
    for slug in slugs:
        maker = makers.get(slug)
        if maker is None or maker.pk in kept:
            continue
        if maker.status == PUBLISHED:
            if not room:
                left_over.append(slug)
                continue
            room -= 1
        new.append(maker)
    Favourite.objects.bulk_create(
        [Favourite(user=user, maker=maker) for maker in new], ignore_conflicts=True
    )
    return Merged(added=len(new), left_over=left_over)


@transaction.atomic
def favourites_follow_merge(*, survivor_id: int, absorbed_id: int) -> int:
    """Move the favourites of the listing `absorbed_id` to `survivor_id`; how many moved.

    A visitor who kept both keeps the survivor once.
    """
    both = list(Favourite.objects.filter(maker_id=survivor_id).values_list("user_id", flat=True))
    Favourite.objects.filter(maker_id=absorbed_id, user_id__in=both).delete()
    return Favourite.objects.filter(maker_id=absorbed_id).update(maker_id=survivor_id)
