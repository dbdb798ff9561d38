"""Reads about how current listings are: who is due a freshness mail, who never answered.

Once every `FRESHNESS_DAYS` (since it was published or its team last confirmed it), a
published listing is asked by mail to confirm that its page is current; a reminder follows
`FRESHNESS_REMINDER_DAYS` later if nobody confirmed, and a listing still unconfirmed that
long after the reminder is flagged for the operators (`makers_unconfirmed`). The mails are
sent by `makers.services.freshness`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from localiste.makers.models import Maker
from localiste.makers.models.maker import status_unindexed


def freshness_period_start(now: datetime.datetime) -> datetime.datetime:
    """A listing confirmed (or published) before this is due to be asked again."""
    return now - datetime.timedelta(days=settings.FRESHNESS_DAYS)


def freshness_reminder_wait() -> datetime.timedelta:
    """How long a request (then a reminder) waits for an answer."""
    return datetime.timedelta(days=settings.FRESHNESS_REMINDER_DAYS)


def unconfirmed_since_asked() -> Q:
    """Nobody confirmed the listing since the last request."""
    return Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=F("freshness_asked_at"))


def freshness_request_due(*, now: datetime.datetime) -> Q:
    """Published listings neither confirmed, published nor asked within the period."""
    start = freshness_period_start(now)
    return (
        Q(status=Maker.Status.PUBLISHED)
        & (Q(confirmed_at__isnull=True) | Q(confirmed_at__lte=start))
        & (Q(published_at__lte=start) | Q(published_at__isnull=True, created_at__lte=start))
        & (Q(freshness_asked_at__isnull=True) | Q(freshness_asked_at__lte=start))
    )


def freshness_reminder_due(*, now: datetime.datetime) -> Q:
    """Published listings asked long enough ago, not reminded, and not confirmed since."""
    return (
        Q(
            status=Maker.Status.PUBLISHED,
            freshness_asked_at__lte=now - freshness_reminder_wait(),
            freshness_reminded_at__isnull=True,
        )
        & unconfirmed_since_asked()
    )


def makers_unconfirmed(
    *, now: datetime.datetime | None = None, territory_ids: Iterable[int] | None = None
) -> QuerySet[Maker]:
    """Published listings still unconfirmed `FRESHNESS_REMINDER_DAYS` after their reminder,
    longest waiting first (in `territory_ids` only, when given): for the operators' queue.

    A QuerySet: `.count()` for the queue's figure, slice it for a page.
    """
    now = now or timezone.now()
    makers = Maker.objects.filter(
        unconfirmed_since_asked(),
        status_unindexed(Maker.Status.PUBLISHED),  # on the reminder's partial index
        freshness_reminded_at__lte=now - freshness_reminder_wait(),
    )
    if territory_ids is not None:
        makers = makers.filter(territories__in=list(territory_ids)).distinct()
    # By the date the queue shows (the reminder), on its index.
    return makers.order_by("freshness_reminded_at", "pk")


def maker_updated_on(maker: Maker) -> datetime.datetime:
    """When `maker`'s public page was last known to be current, for "Updated on …".

    The latest of: its team's confirmation from a freshness mail (`confirmed_at`), the last
    save of the listing (`updated_at`: an edit by its team or an operator, an approval, a
    publication) and the last edit of the products its page shows. Freshness bookkeeping
    never moves `updated_at`. No query: products come with the page (`public_products`).
    """
    dates = [maker.updated_at, maker.confirmed_at]
    dates += [product.updated_at for product in getattr(maker, "public_products", ())]
    return max(date for date in dates if date is not None)
