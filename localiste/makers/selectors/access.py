"""Who may do what with a maker's listing: the only way maker-space code loads a maker."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from localiste.makers.models import Maker, Membership


def makers_managed_by(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Maker]:
    """The listings `user` manages (as owner or manager), newest first."""
    if not user.is_authenticated:
        return Maker.objects.none()
    return Maker.objects.filter(memberships__user=user).order_by("-created_at")


def maker_get_for_edit(*, user: AbstractBaseUser | AnonymousUser, slug: str) -> Maker:
    """The maker `user` may edit (a member of its team, or staff), else 404 / PermissionDenied.

    Unknown slugs and listings of other teams both answer 404 to non-staff users, so that
    nobody can probe which drafts exist.
    """
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_staff:
        return get_object_or_404(Maker, slug=slug)
    return get_object_or_404(makers_managed_by(user=user), slug=slug)


def maker_get_for_owner(*, user: AbstractBaseUser | AnonymousUser, slug: str) -> Maker:
    """The maker `user` owns (team and ownership changes, deletion), else 404 / PermissionDenied."""
    maker = maker_get_for_edit(user=user, slug=slug)
    if user.is_staff:
        return maker
    if not maker.memberships.filter(user=user, role=Membership.Role.OWNER).exists():
        raise PermissionDenied
    return maker
