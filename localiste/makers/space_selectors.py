"""Reads for the maker space: the page preview, what is missing, the visit counts.

Callers pass a maker they loaded through `makers.access`, which checked the permission.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from localiste.makers.models import Maker, MakerRevision, Photo
from localiste.metrics.selectors import counts_by_week

# What a maker may be asked about before listing: all three must be "yes".
ELIGIBILITY_QUESTIONS = ("makes_own_work", "in_territory", "non_food")
STORY_MIN_LENGTH = 80


@dataclass(frozen=True)
class CompletenessItem:
    """One part of a listing: whether it is done, required to submit, and where to do it."""

    key: str
    label: str | Promise
    required: bool
    done: bool
    url: str


def maker_completeness(maker: Maker) -> list[CompletenessItem]:
    """The parts of `maker`'s page, required ones first, each done or not."""
    photos = set(
        Photo.objects.filter(maker=maker, product=None).values_list("kind", flat=True).distinct()
    )
    answers = maker.eligibility or {}

    def url(name: str) -> str:
        return reverse(f"space:{name}", kwargs={"slug": maker.slug})

    story = (maker.story or "") + (maker.know_how or "")
    items = [
        (
            "eligibility",
            _("Eligibility questions answered"),
            True,
            all(answers.get(q) is True for q in ELIGIBILITY_QUESTIONS),
            url("identity"),
        ),
        ("identity", _("Name and main category"), True, bool(maker.name), url("identity")),
        ("address", _("Address located on the map"), True, maker.has_location, url("address")),
        (
            "story",
            _("Story or know-how (a few sentences)"),
            True,
            len(story.strip()) >= STORY_MIN_LENGTH,
            url("story"),
        ),
        (
            "photo",
            _("At least one photo (cover or gallery)"),
            True,
            bool(photos & {Photo.Kind.COVER, Photo.Kind.GALLERY}),
            url("photos"),
        ),
        ("contact", _("Contact email"), True, bool(maker.email), url("practical")),
        ("tagline", _("Tagline"), False, bool(maker.tagline), url("story")),
        ("logo", _("Logo"), False, Photo.Kind.LOGO in photos, url("photos")),
        ("products", _("At least one product"), False, maker.products.exists(), url("products")),
        (
            "hours",
            _("Opening hours or a note about visits"),
            False,
            bool(maker.hours_note) or maker.opening_periods.exists(),
            url("practical"),
        ),
    ]
    return [CompletenessItem(*item) for item in items]


def completeness_percent(items: list[CompletenessItem]) -> int:
    """How much of the page is done, from 0 to 100 (required parts count double)."""
    total = sum(2 if item.required else 1 for item in items)
    done = sum(2 if item.required else 1 for item in items if item.done)
    return round(100 * done / total) if total else 100


def maker_pending_revision(maker: Maker) -> MakerRevision | None:
    """The changes of `maker` waiting for the operators, if any."""
    return maker.revisions.filter(status=MakerRevision.Status.PENDING).first()


@dataclass(frozen=True)
class WeekStats:
    monday: datetime.date
    views: int
    contacts: int


def maker_weekly_stats(maker: Maker, *, weeks: int = 12) -> list[WeekStats]:
    """Page views and contact clicks of `maker` per week, oldest first."""
    views = counts_by_week(kind="maker.view", object_id=maker.pk, weeks=weeks)
    contacts = dict(counts_by_week(kind="maker.contact", object_id=maker.pk, weeks=weeks))
    return [WeekStats(monday, total, contacts.get(monday, 0)) for monday, total in views]
