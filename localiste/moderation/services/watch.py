"""Operators deciding on claims, reports, possible duplicates and listings nobody confirmed."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from localiste.core.text import text_required
from localiste.makers import duplicates, services
from localiste.makers.models import Claim, DuplicateCandidate, Maker, Report
from localiste.makers.services.freshness import maker_confirm_current
from localiste.makers.services.indexing import search_index_once
from localiste.makers.services.merge import maker_merge
from localiste.makers.services.reports import (
    report_act,
    report_dismiss,
)
from localiste.moderation.models import Decision, ItemKind
from localiste.moderation.notifications import claim_mail
from localiste.moderation.services.listings import listing_suspend
from localiste.moderation.services.records import decision_record


# --- claims -----------------------------------------------------------------------------------
@transaction.atomic
def claim_approve(
    *, claim: Claim, operator: AbstractBaseUser, site_root: str | None = None
) -> Claim:
    """Make the claimant the owner of the listing, and tell them."""
    if claim.status != Claim.Status.REQUESTED:
        raise ValidationError(_("This claim has already been decided."))
    services.claim_accept(claim=claim)
    decision_record(
        kind=ItemKind.CLAIM,
        object_id=claim.pk,
        maker=claim.maker,
        action=Decision.Action.APPROVED,
        operator=operator,
    )
    claim_mail(claim=claim, accepted=True, site_root=site_root)
    return claim


@transaction.atomic
def claim_refuse(
    *, claim: Claim, operator: AbstractBaseUser, reason: str, site_root: str | None = None
) -> Claim:
    """Refuse the claim, telling the claimant why."""
    reason = text_required(reason, _("Give a reason: the person who asked will read it."))
    if claim.status != Claim.Status.REQUESTED:
        raise ValidationError(_("This claim has already been decided."))
    services.claim_reject(claim=claim)
    decision_record(
        kind=ItemKind.CLAIM,
        object_id=claim.pk,
        maker=claim.maker,
        action=Decision.Action.REFUSED,
        operator=operator,
        note=reason,
    )
    claim_mail(claim=claim, accepted=False, note=reason, site_root=site_root)
    return claim


# --- reports ----------------------------------------------------------------------------------
@transaction.atomic
def report_close(*, report: Report, operator: AbstractBaseUser, note: str = "") -> Report:
    """Dismiss the open `report`: the listing stays as it is."""
    report = report_dismiss(report=report, operator=operator, note=note)
    decision_record(
        kind=ItemKind.REPORT,
        object_id=report.pk,
        maker=report.maker,
        action=Decision.Action.DISMISSED,
        operator=operator,
        note=note.strip(),
    )
    return report


@transaction.atomic
@search_index_once()
def report_suspend(*, report: Report, operator: AbstractBaseUser, reason: str) -> Report:
    """Suspend the reported listing for `reason` (its team told why); every open report of
    it is closed as acted on."""
    reason = text_required(reason, _("Give a reason: the maker will read it."))
    maker = listing_suspend(
        maker=report.maker,
        operator=operator,
        reason=reason,
        kind=ItemKind.REPORT,
        object_id=report.pk,
    )
    for other in Report.objects.filter(maker=maker, status=Report.Status.OPEN):
        report_act(report=other, operator=operator, note=reason)
    report.refresh_from_db()
    return report


# --- possible duplicates ----------------------------------------------------------------------
@transaction.atomic
def duplicate_dismiss(
    *, candidate: DuplicateCandidate, operator: AbstractBaseUser, note: str = ""
) -> DuplicateCandidate:
    """Two different makers after all: the pair leaves the queue and is not suggested again."""
    candidate = duplicates.duplicate_dismiss(candidate=candidate, operator=operator)
    decision_record(
        kind=ItemKind.DUPLICATE,
        object_id=candidate.pk,
        maker=candidate.maker,
        action=Decision.Action.DISMISSED,
        operator=operator,
        note=note.strip(),
    )
    return candidate


@transaction.atomic
def duplicate_merge(
    *,
    candidate: DuplicateCandidate,
    survivor: Maker,
    absorbed: Maker,
    choices: Mapping[str, str],
    operator: AbstractBaseUser,
    survivor_version: int,
    absorbed_version: int,
) -> Maker:
    """One maker listed twice: `absorbed` is merged into `survivor` (makers.services.merge),
    keeping the values chosen in `choices` where both had one; the merged listing.

    ValidationError when the pair was decided meanwhile, or either listing was saved since
    the operator compared them (the versions they saw)."""
    candidate = duplicates.duplicate_lock_open(candidate)
    if {survivor.pk, absorbed.pk} != {candidate.maker_id, candidate.other_id}:
        raise ValidationError(_("These two listings are not the pair under review."))
    absorbed_name = absorbed.name
    try:
        merged = maker_merge(
            survivor=survivor,
            absorbed=absorbed,
            choices=choices,
            operator=operator,
            survivor_version=survivor_version,
            absorbed_version=absorbed_version,
        )
    except services.EditConflict:
        raise ValidationError(
            _("One of the two listings was changed since you opened this page: compare them again.")
        ) from None
    decision_record(
        kind=ItemKind.DUPLICATE,
        object_id=candidate.pk,
        maker=merged,
        action=Decision.Action.MERGED,
        operator=operator,
        note=_("“%(absorbed)s” merged into “%(kept)s”.")
        % {"absorbed": absorbed_name, "kept": merged.name},
    )
    return merged


# --- listings nobody confirmed ----------------------------------------------------------------
@transaction.atomic
def freshness_confirm(*, maker: Maker, operator: AbstractBaseUser, note: str = "") -> Maker:
    """The operator checked that `maker` is current (a call, a visit): it leaves the queue."""
    maker = maker_confirm_current(maker=maker, user=operator)
    decision_record(
        kind=ItemKind.FRESHNESS,
        object_id=maker.pk,
        maker=maker,
        action=Decision.Action.CONFIRMED,
        operator=operator,
        note=note.strip(),
    )
    return maker
