"""What the outbox holds, for monitoring: how much waits, and for how long."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils import timezone

from localiste.mail.models import OutgoingMail

WAITING = (OutgoingMail.Status.PENDING, OutgoingMail.Status.RETRYING)


@dataclass(frozen=True)
class OutboxStatus:
    """Counts by status, the age of the oldest mail still waiting, and how many went lately."""

    counts: dict[str, int]
    oldest_waiting: datetime.datetime | None
    sent_last_hour: int

    @property
    def waiting(self) -> int:
        return sum(self.counts.get(status, 0) for status in WAITING)

    @property
    def oldest_waiting_age(self) -> datetime.timedelta | None:
        return timezone.now() - self.oldest_waiting if self.oldest_waiting else None

    def is_stuck(self, *, after: datetime.timedelta) -> bool:
        """Whether a mail has waited longer than `after`, or one was given up."""
        age = self.oldest_waiting_age
        return bool(self.counts.get(OutgoingMail.Status.DEAD)) or (age is not None and age > after)


def outbox_status() -> OutboxStatus:
    """The outbox as monitoring sees it (three queries on the outbox's indexes)."""
    counts = dict(
        OutgoingMail.objects.values("status")
        .annotate(total=Count("id"))
        .values_list("status", "total")
    )
    oldest = OutgoingMail.objects.filter(status__in=WAITING).aggregate(at=Min("created_at"))
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    sent = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.SENT, sent_at__gte=hour_ago
    ).count()
    return OutboxStatus(counts=counts, oldest_waiting=oldest["at"], sent_last_hour=sent)
