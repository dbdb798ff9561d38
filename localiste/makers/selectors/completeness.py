"""What a listing still lacks before it can be submitted, and the changes waiting for review.

Callers pass a maker they loaded through `selectors.access`, which checked the permission.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from localiste.makers.models import Maker, MakerRevision, Photo

# What a maker may be asked about before listing: all three must be "yes".
ELIGIBILITY_QUESTIONS = ("makes_own_work", "in_territory", "non_food")
STORY_MIN_LENGTH = 80


@dataclass(frozen=True)
class CompletenessItem:
    """One part of a listing: whether it is done, required to submit, and which part of the
    listing (identity, address, story, photos, products, practical) it is filled in."""

    key: str
    label: str | Promise
    required: bool
    done: bool
    part: str


def maker_completeness(maker: Maker) -> list[CompletenessItem]:
    """The parts of `maker`'s page, required ones first, each done or not."""
    photos = set(
        Photo.objects.filter(maker=maker, product=None).values_list("kind", flat=True).distinct()
    )
    answers = maker.eligibility or {}
    story = (maker.story or "") + (maker.know_how or "")
    items = [
        (
            "eligibility",
            _("Eligibility questions answered"),
            True,
            all(answers.get(q) is True for q in ELIGIBILITY_QUESTIONS),
            "identity",
        ),
        ("identity", _("Name and main category"), True, bool(maker.name), "identity"),
        ("address", _("Address located on the map"), True, maker.has_location, "address"),
        (
            "story",
            _("Story or know-how (a few sentences)"),
            True,
            len(story.strip()) >= STORY_MIN_LENGTH,
            "story",
        ),
        (
            "photo",
            _("At least one photo (cover or gallery)"),
            True,
            bool(photos & {Photo.Kind.COVER, Photo.Kind.GALLERY}),
            "photos",
        ),
        ("contact", _("Contact email"), True, bool(maker.email), "practical"),
        ("tagline", _("Tagline"), False, bool(maker.tagline), "story"),
        ("logo", _("Logo"), False, Photo.Kind.LOGO in photos, "photos"),
        ("products", _("At least one product"), False, maker.products.exists(), "products"),
        (
            "hours",
            _("Opening hours or a note about visits"),
            False,
            bool(maker.hours_note) or maker.opening_periods.exists(),
            "practical",
        ),
    ]
    return [CompletenessItem(*item) for item in items]


def completeness_percent(items: list[CompletenessItem]) -> int:
    """How much of the page is done, from 0 to 100 (required parts count double)."""
    total = sum(2 if item.required else 1 for item in items)
    done = sum(2 if item.required else 1 for item in items if item.done)
    return round(100 * done / total) if total else 100


def completeness_missing(maker: Maker) -> list[CompletenessItem]:
    """The required parts of `maker`'s page that are not done yet (nothing: it may be sent)."""
    return [item for item in maker_completeness(maker) if item.required and not item.done]


def maker_pending_revision(maker: Maker) -> MakerRevision | None:
    """The changes of `maker` waiting for the operators, if any."""
    return maker.revisions.filter(status=MakerRevision.Status.PENDING).first()
