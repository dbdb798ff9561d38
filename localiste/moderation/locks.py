"""Who has an item of the queue open: it is theirs for a while, so that two operators do not
decide on it at once.

Opening an item takes (or renews) its lock for MODERATION_LOCK_MINUTES; deciding releases
it. While another operator holds it, the item page says who and until when, and refuses a
decision unless the operator takes it over, on purpose.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from localiste.moderation.models import ItemLock


class ItemLocked(Exception):
    """Another operator holds the item (`lock`)."""

    def __init__(self, lock: ItemLock):
        super().__init__(f"{lock.kind} {lock.object_id} is held by user {lock.holder_id}")
        self.lock = lock


def lock_duration() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.MODERATION_LOCK_MINUTES)


@transaction.atomic
def lock_take(
    *, kind: str, object_id: int, user: AbstractBaseUser, take_over: bool = False
) -> ItemLock:
    """Hold the item for `user` (renewing their hold), and return its lock.

    When another operator holds it and `take_over` is not given, their lock is returned
    unchanged: compare `lock.holder_id` with the user's.
    """
    now = timezone.now()
    lock = ItemLock.objects.select_for_update().filter(kind=kind, object_id=object_id).first()
    if lock is None:
        try:
            with transaction.atomic():
                return ItemLock.objects.create(
                    kind=kind,
                    object_id=object_id,
                    holder=user,
                    taken_at=now,
                    expires_at=now + lock_duration(),
                )
        except IntegrityError:  # another operator opened it at the same moment
            lock = ItemLock.objects.select_for_update().get(kind=kind, object_id=object_id)
    if lock.holder_id != user.pk:
        if lock.expires_at > now and not take_over:
            return lock
        lock.holder = user
        lock.taken_at = now
    lock.expires_at = now + lock_duration()
    lock.save(update_fields=["holder", "taken_at", "expires_at"])
    return lock


@transaction.atomic
def lock_for_decision(*, kind: str, object_id: int, user: AbstractBaseUser) -> ItemLock:
    """The item's lock, held by `user`, before they decide on it; ItemLocked when another
    operator holds it."""
    lock = lock_take(kind=kind, object_id=object_id, user=user)
    if lock.holder_id != user.pk:
        raise ItemLocked(lock)
    return lock


def lock_release(*, kind: str, object_id: int, user: AbstractBaseUser) -> None:
    """Let go of the item if `user` holds it (after their decision)."""
    ItemLock.objects.filter(kind=kind, object_id=object_id, holder=user).delete()


def locks_active(*, kind: str, object_ids: Iterable[int]) -> dict[int, ItemLock]:
    """{item id: its lock} for the items of `object_ids` someone holds now."""
    ids = list(object_ids)
    if not ids:
        return {}
    locks = ItemLock.objects.filter(
        kind=kind, object_id__in=ids, expires_at__gt=timezone.now()
    ).select_related("holder")
    return {lock.object_id: lock for lock in locks}


def locks_expired_delete(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Remove locks that ran out long ago (items opened and left); how many."""
    deleted, _by_model = ItemLock.objects.filter(
        expires_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
