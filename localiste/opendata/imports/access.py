"""Who may import, and the only way an import page loads a run or a source for a user.

Imports are the site operators' (staff users): a run writes listings anywhere in the
directory, so a territory moderator, who only sees their territories at the desk, may not
start one. Anyone else gets PermissionDenied; a run or a source that does not exist, 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from localiste.makers.models import Source
from localiste.opendata.models import ImportRun

RECENT_RUNS = 20


def import_access_check(*, user: AbstractBaseUser | AnonymousUser) -> None:
    """Nothing for a site operator; PermissionDenied for anyone else."""
    if not (user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser)):
        raise PermissionDenied


def import_run_get_for_operator(*, user: AbstractBaseUser, run_id: int) -> ImportRun:
    """The run `run_id`, with its source, for an operator; PermissionDenied or Http404."""
    import_access_check(user=user)
    return get_object_or_404(ImportRun.objects.select_related("source", "started_by"), pk=run_id)


def source_get_for_operator(*, user: AbstractBaseUser, source_id: int) -> Source:
    """The source `source_id`, for an operator; PermissionDenied or Http404."""
    import_access_check(user=user)
    return get_object_or_404(Source, pk=source_id)


def import_sources_for_operator(*, user: AbstractBaseUser) -> QuerySet[Source]:
    """Every source of imported listings, with how many listings each gave."""
    import_access_check(user=user)
    return Source.objects.annotate(listings=Count("makers")).order_by("name")


def import_runs_recent(*, user: AbstractBaseUser, limit: int = RECENT_RUNS) -> list[ImportRun]:
    """The latest runs, newest first."""
    import_access_check(user=user)
    return list(ImportRun.objects.select_related("source", "started_by")[:limit])
