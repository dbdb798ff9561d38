"""The desk's queue and dashboard: what waits, of which kind, where, and for how long.

Every figure here counts open items only (pending listings and changes, claims for the
operators, open reports and pairs, listings unconfirmed after a reminder, updates proposed
by a source, listings gone from their source), each read from an index on its status;
nothing counts makers as a whole, so a page stays cheap with a million of them.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from localiste.mail.selectors import OutboxStatus, outbox_status
from localiste.makers.models import Claim, DuplicateCandidate, Maker, MakerRevision, Report
from localiste.makers.models.revision import SourceProposal
from localiste.makers.selectors.freshness import freshness_reminder_wait, makers_unconfirmed
from localiste.moderation.locks import locks_active
from localiste.moderation.models import Decision, ItemKind, ItemLock
from localiste.moderation.selectors import TERRITORY_LINKS, DeskScope, in_territories, scoped

PAGE_SIZE = 50
DEFERRED = ("story", "know_how")


def _listings() -> QuerySet:
    return (
        Maker.objects.filter(status=Maker.Status.PENDING)
        .select_related("primary_category")
        .defer(*DEFERRED)
        # By the date the queue shows (KindSource.since): one set pending by hand has none.
        .order_by(Coalesce("submitted_at", "updated_at"), "pk")
    )


def _changes() -> QuerySet:
    return (
        MakerRevision.objects.filter(status=MakerRevision.Status.PENDING)
        .select_related("maker", "author")
        .defer(*(f"maker__{name}" for name in DEFERRED))
        .order_by("created_at", "pk")
    )


def _claims() -> QuerySet:
    return (
        Claim.objects.filter(status=Claim.Status.REQUESTED)
        .select_related("maker", "user")
        .defer(*(f"maker__{name}" for name in DEFERRED))
        .order_by("created_at", "pk")
    )


def _reports() -> QuerySet:
    return (
        Report.objects.filter(status=Report.Status.OPEN)
        .select_related("maker")
        .defer(*(f"maker__{name}" for name in DEFERRED))
        .order_by("created_at", "pk")
    )


def _duplicates() -> QuerySet:
    return (
        DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN)
        .select_related("maker", "other")
        .defer(*(f"{side}__{name}" for side in ("maker", "other") for name in DEFERRED))
        .order_by("created_at", "pk")
    )


def _unconfirmed() -> QuerySet:
    return makers_unconfirmed().defer(*DEFERRED)


def _source_updates() -> QuerySet:
    return (
        SourceProposal.objects.filter(status=SourceProposal.Status.PENDING)
        .select_related("maker", "source")
        .defer(*(f"maker__{name}" for name in DEFERRED))
        .order_by("created_at", "pk")
    )


def _vanished() -> QuerySet:
    # Listings a complete run of their source no longer gave, still public or waiting.
    return (
        Maker.objects.filter(
            source_vanished_at__isnull=False,
            source_vanished_decided_at__isnull=True,
            status__in=(Maker.Status.PUBLISHED, Maker.Status.PENDING),
        )
        .select_related("primary_category", "source")
        .defer(*DEFERRED)
        .order_by("source_vanished_at", "pk")
    )


@dataclass(frozen=True)
class KindSource:
    """Where the open items of one kind come from: their rows (longest waiting first), the
    field(s) naming their maker(s), and what they have waited since."""

    rows: Callable[[], QuerySet]
    maker_fields: tuple[str, ...]
    since_field: str
    # How long after `since_field` an item joins the queue (a listing nobody confirmed
    # waits for the operators once its reminder went unanswered that long).
    lead: Callable[[], datetime.timedelta] = datetime.timedelta

    def maker(self, row) -> Maker:
        return row if isinstance(row, Maker) else row.maker

    def since(self, row) -> datetime.datetime:
        return (getattr(row, self.since_field) or row.updated_at) + self.lead()

    def waiting_since_before(self, moment: datetime.datetime) -> dict:
        """The filter of the rows that have waited since before `moment`."""
        return {f"{self.since_field}__lt": moment - self.lead()}


SOURCES: dict[str, KindSource] = {
    ItemKind.LISTING: KindSource(_listings, ("pk",), "submitted_at"),
    ItemKind.CHANGE: KindSource(_changes, ("maker_id",), "created_at"),
    ItemKind.CLAIM: KindSource(_claims, ("maker_id",), "created_at"),
    ItemKind.REPORT: KindSource(_reports, ("maker_id",), "created_at"),
    ItemKind.DUPLICATE: KindSource(_duplicates, ("maker_id", "other_id"), "created_at"),
    ItemKind.FRESHNESS: KindSource(
        _unconfirmed, ("pk",), "freshness_reminded_at", freshness_reminder_wait
    ),
    ItemKind.SOURCE_UPDATE: KindSource(_source_updates, ("maker_id",), "created_at"),
    ItemKind.VANISHED: KindSource(_vanished, ("pk",), "source_vanished_at"),
}


def open_items(kind: str, scope: DeskScope, *, territory_id: int | None = None) -> QuerySet:
    """The open items of `kind` that `scope` may see (in `territory_id` only, when given),
    the longest waiting first."""
    source = SOURCES[kind]
    rows = scoped(source.rows(), scope, maker_fields=source.maker_fields)
    if territory_id is not None:
        rows = in_territories(rows, [territory_id], maker_field=source.maker_fields[0])
    return rows


def overdue_after() -> datetime.timedelta:
    return datetime.timedelta(days=settings.MODERATION_OVERDUE_DAYS)


@dataclass
class QueueItem:
    """One line of the queue."""

    kind: str
    pk: int
    row: object  # the Maker, MakerRevision, Claim, Report, DuplicateCandidate, SourceProposal
    maker: Maker
    waiting_since: datetime.datetime
    lock: ItemLock | None = None

    @property
    def kind_label(self) -> str:
        return ItemKind(self.kind).label

    @property
    def url_name(self) -> str:
        return f"moderation:{self.kind}"

    @property
    def waited(self) -> datetime.timedelta:
        return timezone.now() - self.waiting_since

    @property
    def is_overdue(self) -> bool:
        return self.waited > overdue_after()


@dataclass
class QueuePage:
    """A page of the queue, with the figures of its filters."""

    items: list[QueueItem]
    counts: dict[str, int]
    kind: str | None
    territory_id: int | None
    number: int
    num_pages: int
    territory_counts: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def _items(kind: str, rows) -> list[QueueItem]:
    source = SOURCES[kind]
    items = []
    for row in rows:
        since = source.since(row)
        items.append(
            QueueItem(kind=kind, pk=row.pk, row=row, maker=source.maker(row), waiting_since=since)
        )
    return items


def queue_page(
    *,
    scope: DeskScope,
    kind: str | None = None,
    territory_id: int | None = None,
    page: int = 1,
) -> QueuePage:
    """Page `page` of the open items `scope` may see, oldest first, of `kind` (every kind
    when None) and in `territory_id` (anywhere when None), with their counts by kind."""
    counts = {name: open_items(name, scope, territory_id=territory_id).count() for name in SOURCES}
    kinds = [kind] if kind else list(SOURCES)
    total = sum(counts[name] for name in kinds)
    num_pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(page, 1), num_pages)
    end = number * PAGE_SIZE
    # The `end` oldest of each kind hold the `end` oldest of all: merged, then sliced.
    streams = [
        _items(name, open_items(name, scope, territory_id=territory_id)[:end])
        for name in kinds
        if counts[name]
    ]
    merged = list(heapq.merge(*streams, key=lambda item: (item.waiting_since, item.pk)))
    items = merged[end - PAGE_SIZE : end]
    for name in kinds:
        locks = locks_active(kind=name, object_ids=[i.pk for i in items if i.kind == name])
        for item in items:
            if item.kind == name:
                item.lock = locks.get(item.pk)
    return QueuePage(
        items=items,
        counts=counts,
        kind=kind,
        territory_id=territory_id,
        number=number,
        num_pages=num_pages,
        territory_counts=territory_counts(scope=scope),
    )


def territory_counts(*, scope: DeskScope) -> dict[int, int]:
    """{territory id: open items of its makers}, for the territory filter (one query a kind,
    over the open items only)."""
    totals: dict[int, int] = {}
    for name, source in SOURCES.items():
        maker_ids = open_items(name, scope).values(source.maker_fields[0])
        rows = (
            TERRITORY_LINKS.objects.filter(maker_id__in=maker_ids)
            .values("territory_id")
            .annotate(total=Count("id"))
            .values_list("territory_id", "total")
        )
        for territory_id, total in rows:
            totals[territory_id] = totals.get(territory_id, 0) + total
    return totals


# --- the dashboard --------------------------------------------------------------------------
@dataclass
class Dashboard:
    counts: dict[str, int]
    oldest: QueueItem | None
    overdue: int
    recent: list[Decision]
    outbox: OutboxStatus | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def outbox_is_stuck(self) -> bool:
        return self.outbox is not None and self.outbox.is_stuck(after=datetime.timedelta(hours=1))


def dashboard(*, scope: DeskScope, counts: dict[str, int] | None = None) -> Dashboard:
    """What waits by kind, the item waiting longest, how many wait too long, the latest
    decisions, and (for site operators) the outbox's health."""
    if counts is None:
        counts = {name: open_items(name, scope).count() for name in SOURCES}
    oldest_by_kind = [
        _items(name, open_items(name, scope)[:1]) for name in SOURCES if counts.get(name)
    ]
    candidates = [items[0] for items in oldest_by_kind if items]
    oldest = min(candidates, key=lambda item: item.waiting_since, default=None)
    limit = timezone.now() - overdue_after()
    overdue = sum(
        open_items(name, scope).filter(**source.waiting_since_before(limit)).count()
        for name, source in SOURCES.items()
        if counts.get(name)
    )
    recent = scoped(
        Decision.objects.select_related("operator", "maker"), scope, maker_fields=("maker_id",)
    )[:10]
    return Dashboard(
        counts=counts,
        oldest=oldest,
        overdue=overdue,
        recent=list(recent),
        outbox=outbox_status() if scope.is_operator else None,
    )
