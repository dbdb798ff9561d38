"""The dashboard's and the demand map's figures, computed once and kept FIGURES_CACHE_SECONDS.

A figure's queries read the whole search log of a period (a second or more on a long log), so
the page, its SVG charts and its CSV files share one computation per (figure, period,
language) through the site's cache (a file cache shared by the workers, or Redis). The page
says when its figures were computed. There is no way to ask for fresh ones: figures age ten
minutes at most, and DEMAND_MIN_SEARCHES is part of the key, so a changed threshold is never
answered from figures counted under another one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

FIGURES_CACHE_SECONDS = 10 * 60
VERSION = 1  # bump when what is cached changes shape

T = TypeVar("T")


@dataclass(frozen=True)
class Computed(Generic[T]):
    """A figure's value and when it was computed."""

    value: T
    computed_at: datetime.datetime


def figure_computed(
    *, name: str, compute: Callable[[], T], period: int | None = None
) -> Computed[T]:
    """`compute()`'s value for (`name`, `period`, the active language), from the cache when
    it was computed less than FIGURES_CACHE_SECONDS ago."""
    key = ":".join(
        str(part)
        for part in (
            "moderation.figure",
            VERSION,
            name,
            period or "-",
            get_language() or settings.LANGUAGE_CODE,
            settings.DEMAND_MIN_SEARCHES,
        )
    )
    computed = cache.get(key)
    if computed is None:
        computed = Computed(value=compute(), computed_at=timezone.now())
        cache.set(key, computed, FIGURES_CACHE_SECONDS)
    return computed
