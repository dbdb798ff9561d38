"""Operators deciding on what a source says of its imported listings: an update it proposes
for fields edited here since (apply or dismiss), and a listing it no longer lists (suspend
or keep).

Applying goes through `maker_operator_update`, as an operator's edit in the desk would: the
listing's history records each field with the operator's name, the search index, the
territories and the category listings follow. The listing's team is told by mail when it has
one (the fields were theirs: they edited them after the import); an unclaimed listing has
nobody to tell. Dismissing leaves the listing as it is; the source's value stays remembered
(`Maker.source_values`), so the next run proposes it again only once the source says
something newer.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from localiste.catalog.models import Category
from localiste.makers import services
from localiste.makers.models import Maker
from localiste.makers.models.revision import SourceProposal
from localiste.makers.services.editing import maker_direct_category_ids
from localiste.makers.services.imports.values import HOURS_FIELD, hours_periods
from localiste.makers.services.indexing import search_index_once
from localiste.makers.services.practical import maker_hours_set
from localiste.moderation.models import Decision, ItemKind
from localiste.moderation.notifications import decision_mail
from localiste.moderation.proposals import proposal_fingerprint, vanished_fingerprint
from localiste.moderation.services.listings import listing_suspend
from localiste.moderation.services.records import decision_record, seen_check
from localiste.places.models import Place


def _open_proposal(proposal: SourceProposal, seen: str | None) -> tuple[SourceProposal, Maker]:
    """`proposal` and its listing read again under row locks, checked to be still open and
    what the operator saw."""
    # The listing first, then the proposal: in the order a re-sync's batch locks them.
    maker = Maker.objects.select_for_update().get(pk=proposal.maker_id)
    proposal = SourceProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != SourceProposal.Status.PENDING:
        raise ValidationError(_("This update has already been decided."))
    seen_check(current=proposal_fingerprint(proposal, maker), seen=seen)
    return proposal, maker


def _close(proposal: SourceProposal, status: str, operator: AbstractBaseUser) -> None:
    proposal.status, proposal.decided_at, proposal.decided_by = status, timezone.now(), operator
    proposal.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])


@transaction.atomic
@search_index_once()
def source_proposal_apply(
    *,
    proposal: SourceProposal,
    operator: AbstractBaseUser,
    fields: Iterable[str],
    note: str = "",
    site_root: str | None = None,
    seen: str | None = None,
) -> Maker:
    """Write the source's values of `fields` (some of the proposal's) on the listing, close
    the proposal (the fields left out keep the listing's values), record and mail it.

    ValidationError when it was decided, changed since it was shown (`seen`), or when no
    field of it is chosen."""
    proposal, maker = _open_proposal(proposal, seen)
    wanted = set(fields)
    chosen = [name for name in proposal.changes if name in wanted]
    if not chosen:
        raise ValidationError(_("Choose at least one field to take from the source."))
    values, primary, others, hours = {}, None, None, None
    for name in chosen:
        value = proposal.changes[name]
        if name == HOURS_FIELD:
            hours = hours_periods(value)
        elif name == "primary_category":
            primary = Category.objects.filter(pk=value).first()
            if primary is None:
                raise ValidationError(_("The category the source gives no longer exists."))
            _primary, other_ids = maker_direct_category_ids(maker)
            others = Category.objects.filter(pk__in=other_ids)
        elif name == "place":
            values["place"] = Place.objects.filter(pk=value).first() if value else None
        else:
            values[name] = value
    maker = services.maker_operator_update(
        maker=maker,
        operator=operator,
        version=maker.version,
        fields=values,
        primary_category=primary,
        others=others,
    )
    if hours is not None:
        maker_hours_set(maker=maker, version=maker.version, periods=hours)
    _close(proposal, SourceProposal.Status.APPLIED, operator)
    decision_record(
        kind=ItemKind.SOURCE_UPDATE,
        object_id=proposal.pk,
        maker=maker,
        action=Decision.Action.APPROVED,
        operator=operator,
        note=note.strip(),
        snapshot={name: proposal.changes[name] for name in chosen},
    )
    if maker.memberships.exists():
        decision_mail(maker=maker, what="source_applied", note=note.strip(), site_root=site_root)
    return maker


@transaction.atomic
def source_proposal_dismiss(
    *,
    proposal: SourceProposal,
    operator: AbstractBaseUser,
    note: str = "",
    seen: str | None = None,
) -> SourceProposal:
    """Close `proposal` unapplied: the listing keeps its values, and the same values from the
    source are not proposed again (`seen`: as `source_proposal_apply`)."""
    proposal, maker = _open_proposal(proposal, seen)
    _close(proposal, SourceProposal.Status.DISMISSED, operator)
    decision_record(
        kind=ItemKind.SOURCE_UPDATE,
        object_id=proposal.pk,
        maker=maker,
        action=Decision.Action.DISMISSED,
        operator=operator,
        note=note.strip(),
        snapshot=proposal.changes,
    )
    return proposal


# --- listings gone from their source -----------------------------------------------------------
def vanished_is_open(maker: Maker) -> bool:
    """Whether `maker` waits at the desk as gone from its source."""
    return (
        maker.source_vanished_at is not None
        and maker.source_vanished_decided_at is None
        and maker.status in (Maker.Status.PUBLISHED, Maker.Status.PENDING)
    )


def _open_vanished(maker: Maker, seen: str | None) -> Maker:
    maker = Maker.objects.select_for_update().get(pk=maker.pk)
    if not vanished_is_open(maker):
        raise ValidationError(_("This item has already been decided."))
    seen_check(current=vanished_fingerprint(maker), seen=seen)
    return maker


def _vanished_decided(maker: Maker) -> None:
    maker.source_vanished_decided_at = timezone.now()
    Maker.objects.filter(pk=maker.pk).update(
        source_vanished_decided_at=maker.source_vanished_decided_at
    )


@transaction.atomic
def vanished_keep(
    *, maker: Maker, operator: AbstractBaseUser, note: str = "", seen: str | None = None
) -> Maker:
    """Keep `maker` as it is although its source no longer lists it (it still works, the
    source dropped it): off the desk, still flagged, cleared if the source lists it again."""
    maker = _open_vanished(maker, seen)
    _vanished_decided(maker)
    decision_record(
        kind=ItemKind.VANISHED,
        object_id=maker.pk,
        maker=maker,
        action=Decision.Action.DISMISSED,
        operator=operator,
        note=note.strip(),
    )
    return maker


@transaction.atomic
def vanished_suspend(
    *, maker: Maker, operator: AbstractBaseUser, reason: str, seen: str | None = None
) -> Maker:
    """Suspend the published `maker` that its source no longer lists (a closed
    establishment): off the public site, its team told why; never deleted."""
    maker = _open_vanished(maker, seen)
    if maker.status != Maker.Status.PUBLISHED:
        raise ValidationError(_("Only a published listing can be suspended."))
    maker = listing_suspend(maker=maker, operator=operator, reason=reason, kind=ItemKind.VANISHED)
    _vanished_decided(maker)
    return maker
