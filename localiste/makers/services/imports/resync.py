"""Running a source again: what it says of fields edited here since, and what it no longer lists.

A field someone edited here since the last import is never overwritten (`values.row_plan`
keeps it); when the source says something new of it, its value becomes a proposal for the
operators (`SourceProposal`, one open per listing and source), apart from the team's own
pending revision. The proposal follows the source: a newer value replaces the one it holds,
a value back to the listing's leaves it (an empty proposal is withdrawn). A proposal the
operators dismissed is not made again for the same value: `source_values` remembers what
the source said, and only a value the source had not said yet is proposed.

A complete run of a source (read to its end, for real) flags the listings it covers but did
not list (`Maker.source_vanished_at`, set once); the next run that lists one clears its flag.
Nothing is deleted: the operators decide at the desk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from localiste.makers.models import Maker
from localiste.makers.models.revision import SourceProposal
from localiste.makers.services.imports.values import (
    ImportOutcome,
    ImportSession,
    current_value,
    source_value,
)

# Listings flagged per UPDATE: each statement holds SQLite's write lock briefly.
VANISHED_BATCH = 500


def source_proposals_follow(
    session: ImportSession,
    existing: Mapping[str, Maker],
    wanted: Mapping[str, Mapping[str, Any]],
    outcomes: Mapping[str, ImportOutcome],
) -> None:
    """Bring the open proposals of the source of `session` for the listings of `existing`
    (once written from `wanted`) in step with what the source says now: made where it says
    something new of a field edited here, updated, or withdrawn. A few queries a batch."""
    kept_by_maker = {maker.pk: outcomes[key].kept for key, maker in existing.items()}
    if session._proposals_open is None:
        session._proposals_open = SourceProposal.objects.filter(
            source=session.source, status=SourceProposal.Status.PENDING
        ).exists()
    if not session._proposals_open and not any(kept_by_maker.values()):
        return  # a national file re-read: most batches have nothing to propose
    # Locked, after the listings (as the desk's decisions lock them): an operator deciding
    # on one meanwhile waits for the batch, or the batch for the decision.
    pending = SourceProposal.objects.select_for_update().filter(
        source=session.source,
        maker_id__in=list(kept_by_maker),
        status=SourceProposal.Status.PENDING,
    )
    proposals = {proposal.maker_id: proposal for proposal in pending}
    created, updated = [], []
    now = timezone.now()
    for key, maker in existing.items():
        proposal, kept = proposals.get(maker.pk), kept_by_maker[maker.pk]
        if proposal is None and not kept:
            continue
        changes = dict(proposal.changes) if proposal is not None else {}
        # What the source says now, of the fields proposed and of those it has just kept.
        said = {name: source_value(value) for name, value in wanted[key].items()}
        changes.update({name: said[name] for name in kept})
        changes.update({name: said[name] for name in changes if name in said})
        changes = {
            name: value for name, value in changes.items() if value != current_value(maker, name)
        }
        if proposal is None:
            if changes:
                created.append(SourceProposal(maker=maker, source=session.source, changes=changes))
        elif not changes:
            proposal.status, proposal.decided_at = SourceProposal.Status.WITHDRAWN, now
            updated.append(proposal)
        elif changes != proposal.changes:
            proposal.changes = changes
            updated.append(proposal)
    SourceProposal.objects.bulk_create(created)
    session._proposals_open = session._proposals_open or bool(created)
    for proposal in updated:
        proposal.updated_at = now
    SourceProposal.objects.bulk_update(updated, ["changes", "status", "decided_at", "updated_at"])


def vanished_clear(makers: Iterable[Maker]) -> None:
    """The source lists `makers` again: those it was taken to have dropped are no longer."""
    back = [maker.pk for maker in makers if maker.source_vanished_at is not None]
    if back:
        Maker.objects.filter(pk__in=back).update(
            source_vanished_at=None, source_vanished_decided_at=None
        )


# Up to this many listings missing are flagged whatever their share of the source.
VANISHED_FEW = 10


@dataclass(frozen=True)
class Vanished:
    """What a complete run found of the listings it covers and did not list: how many
    (`missing`), of how many it covered before it ran (`covered`), and whether they were
    flagged (not when more than the share allowed: the file was taken for a partial one)."""

    missing: int = 0
    covered: int = 0
    flagged: bool = True


def makers_import_vanished(*, session: ImportSession, max_share: float | None = None) -> Vanished:
    """Flag the listings that `session` covers (`ImportSession.covers`) and did not list, once
    it has read its source to the end for real; unless they are more than `max_share` (None:
    no limit) of the listings it covered before it ran, and more than VANISHED_FEW: then none
    is flagged.

    A listing flagged before keeps the date it was first missed. Listings are flagged in
    short statements, by ascending id, so that memory and the write lock stay small.
    """
    if session.covers is None or session.source.pk is None:
        return Vanished()
    covered = Maker.objects.filter(session.covers, source=session.source)
    missing = covered.filter(Q(source_seen_at__lt=session.seen_at) | Q(source_seen_at__isnull=True))
    count = missing.count()
    if not count:
        return Vanished()
    known = covered.filter(created_at__lt=session.seen_at).count()
    # A few listings missing are read one by one at the desk: the limit is against floods.
    if max_share is not None and count > VANISHED_FEW and count > max_share * known:
        return Vanished(missing=count, covered=known, flagged=False)
    unflagged = missing.filter(source_vanished_at__isnull=True).order_by("pk")
    last = 0
    while True:
        ids = list(unflagged.filter(pk__gt=last).values_list("pk", flat=True)[:VANISHED_BATCH])
        if not ids:
            break
        Maker.objects.filter(pk__in=ids).update(source_vanished_at=session.seen_at)
        last = ids[-1]
    return Vanished(missing=count, covered=known)
