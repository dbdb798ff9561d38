"""The record of the operators' decisions, and what every decision module shares."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from localiste.makers.models import Maker, Photo
from localiste.moderation.models import Decision

# Maker fields a pending change may carry, applied as they are.
PLAIN_FIELDS = (
    "name",
    "tagline",
    "story",
    "know_how",
    "street",
    "postcode",
    "locality",
    "country",
    "latitude",
    "longitude",
)
SINGLE_KINDS = (Photo.Kind.LOGO, Photo.Kind.COVER)


def decision_record(
    *,
    kind: str,
    object_id: int,
    maker: Maker | None,
    action: str,
    operator: AbstractBaseUser | None,
    note: str = "",
    checklist: Mapping[str, bool] | None = None,
    snapshot: Mapping | None = None,
) -> Decision:
    """Keep the record of a decision (the desk's "recent decisions" and a listing's)."""
    return Decision.objects.create(
        kind=kind,
        object_id=object_id,
        maker=maker,
        maker_name=maker.name if maker else "",
        action=action,
        note=note,
        checklist=dict(checklist or {}),
        snapshot=dict(snapshot or {}),
        operator=operator if operator is not None and operator.is_authenticated else None,
    )


def decisions_follow_merge(sender, survivor_id: int, absorbed_id: int, **kwargs) -> None:
    """The decisions on a listing merged away are filed under the one it joined (on
    `makers.signals.maker_merged`), as its history is."""
    Decision.objects.filter(maker_id=absorbed_id).update(maker_id=survivor_id)


def seen_check(*, current: str, seen: str | None) -> None:
    """ValidationError unless the operator decides on what they saw: `seen` is the item's
    fingerprint when its page was shown (None: no page, an admin action), `current` now."""
    if seen is not None and seen != current:
        raise ValidationError(
            _("This item changed since you opened it: look at it again before deciding."),
            code="stale",
        )
