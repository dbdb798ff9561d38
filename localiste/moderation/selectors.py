"""Who may work at the desk, on what, and the only way desk views load an item.

A site operator (a staff user) sees and acts on everything; a territory moderator
(`TerritoryModerator`) only on the makers of their territories. The access functions
below (`*_get_for_review`) answer 404 for an item outside the user's territories, so that
nobody learns what happens elsewhere; anyone else gets PermissionDenied from `desk_scope`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from localiste.makers.models import Claim, DuplicateCandidate, Maker, MakerRevision, Report
from localiste.makers.models.revision import SourceProposal
from localiste.moderation.models import TerritoryModerator
from localiste.places.models import Territory

TERRITORY_LINKS = Maker.territories.through


@dataclass(frozen=True)
class DeskScope:
    """What `user` may see at the desk: every maker (`territory_ids` None) or those of the
    given territories."""

    user: AbstractBaseUser
    territory_ids: frozenset[int] | None

    @property
    def is_operator(self) -> bool:
        """A site operator: every territory, the outbox, the Django admin."""
        return self.territory_ids is None


def desk_scope(*, user: AbstractBaseUser | AnonymousUser) -> DeskScope:
    """The desk as `user` may see it, or PermissionDenied for anyone who moderates nothing."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if user.is_staff or user.is_superuser:
        return DeskScope(user=user, territory_ids=None)
    ids = frozenset(
        TerritoryModerator.objects.filter(user=user).values_list("territory_id", flat=True)
    )
    if not ids:
        raise PermissionDenied
    return DeskScope(user=user, territory_ids=ids)


def in_territories(queryset: QuerySet, territory_ids: Iterable[int], *, maker_field: str):
    """`queryset` narrowed to rows whose maker (`maker_field`: "pk", "maker_id"…) belongs to
    one of `territory_ids` (one EXISTS on the maker–territory links' index)."""
    links = TERRITORY_LINKS.objects.filter(
        maker_id=OuterRef(maker_field), territory_id__in=list(territory_ids)
    )
    return queryset.filter(Exists(links))


def scoped(queryset: QuerySet, scope: DeskScope, *, maker_fields: Iterable[str]) -> QuerySet:
    """`queryset` narrowed to what `scope` may see: every maker of `maker_fields` in it."""
    if scope.territory_ids is None:
        return queryset
    for maker_field in maker_fields:
        queryset = in_territories(queryset, scope.territory_ids, maker_field=maker_field)
    return queryset


def scope_territories(scope: DeskScope) -> QuerySet[Territory]:
    """The territories `scope` may filter the queue by."""
    territories = Territory.objects.filter(is_active=True)
    if scope.territory_ids is not None:
        territories = Territory.objects.filter(pk__in=scope.territory_ids)
    return territories.order_by("name")


# --- access functions: the only way a desk view loads an item --------------------------------
def _get_in_scope(queryset: QuerySet, scope: DeskScope, *, maker_fields, **lookup):
    row = scoped(queryset, scope, maker_fields=maker_fields).filter(**lookup).first()
    if row is None:
        raise Http404("No such item at this desk")
    return row


def listing_get_for_review(*, scope: DeskScope, maker_id: int) -> Maker:
    """The listing `maker_id` (any status: a decided one is shown as decided), or Http404."""
    return _get_in_scope(
        Maker.objects.select_related("primary_category", "place"),
        scope,
        maker_fields=("pk",),
        pk=maker_id,
    )


def revision_get_for_review(*, scope: DeskScope, revision_id: int) -> MakerRevision:
    """The pending (or decided) change `revision_id` and its maker, or Http404."""
    return _get_in_scope(
        MakerRevision.objects.select_related("maker", "maker__primary_category", "author"),
        scope,
        maker_fields=("maker_id",),
        pk=revision_id,
    )


def claim_get_for_review(*, scope: DeskScope, claim_id: int) -> Claim:
    """The claim `claim_id`, its listing and claimant, or Http404."""
    return _get_in_scope(
        Claim.objects.select_related("maker", "user"),
        scope,
        maker_fields=("maker_id",),
        pk=claim_id,
    )


def report_get_for_review(*, scope: DeskScope, report_id: int) -> Report:
    """The report `report_id` and its listing, or Http404."""
    return _get_in_scope(
        Report.objects.select_related("maker", "decided_by"),
        scope,
        maker_fields=("maker_id",),
        pk=report_id,
    )


def duplicate_get_for_review(*, scope: DeskScope, duplicate_id: int) -> DuplicateCandidate:
    """The suspected pair `duplicate_id` (both listings within the scope), or Http404."""
    return _get_in_scope(
        DuplicateCandidate.objects.select_related("maker", "other"),
        scope,
        maker_fields=("maker_id", "other_id"),
        pk=duplicate_id,
    )


def freshness_get_for_review(*, scope: DeskScope, maker_id: int) -> Maker:
    """The published listing `maker_id`, asked to confirm it is current, or Http404."""
    return _get_in_scope(
        Maker.objects.select_related("primary_category", "place"),
        scope,
        maker_fields=("pk",),
        pk=maker_id,
    )


def makers_in_scope(scope: DeskScope) -> QuerySet[Maker]:
    """Every listing `scope` may see (for the other listings of a team)."""
    return scoped(Maker.objects.all(), scope, maker_fields=("pk",))


def source_proposal_get_for_review(*, scope: DeskScope, proposal_id: int) -> SourceProposal:
    """The update `proposal_id` that a source proposes (open or decided), or Http404."""
    return _get_in_scope(
        SourceProposal.objects.select_related("maker", "maker__primary_category", "source"),
        scope,
        maker_fields=("maker_id",),
        pk=proposal_id,
    )


def vanished_get_for_review(*, scope: DeskScope, maker_id: int) -> Maker:
    """The imported listing `maker_id`, flagged as gone from its source, or Http404."""
    return _get_in_scope(
        Maker.objects.select_related("primary_category", "place", "source"),
        scope,
        maker_fields=("pk",),
        pk=maker_id,
        source_vanished_at__isnull=False,
    )
