"""What a row of a source would do to its listing: the values checked as a listing stores them,
and the plan of a re-import (which fields it writes, which it keeps because they were edited
here since). Runs no write: dry runs use it alone, `writing` acts on it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.catalog.models import Category
from localiste.makers.models import Maker, MakerRevision, Source
from localiste.makers.services.listing import (
    category_with_ancestors,
)
from localiste.makers.services.practical import MAX_OPENING_PERIODS
from localiste.places.geocoding import territories_containing
from localiste.places.models import Place, Territory

# The fields of a listing that a source may fill. `primary_category` is a Category and
# `place` a Place (the commune); the others are plain values.
IMPORTABLE_FIELDS = frozenset(
    {
        "name", "primary_category", "tagline", "story", "know_how", "legal_name", "siret",
        "vat_number", "founded_year", "street", "postcode", "locality", "country", "place",
        "latitude", "longitude", "location_precision", "email", "phone", "website",
        "shop_url", "instagram_url", "facebook_url", "hours_note", "opening_hours",
    }
)  # fmt: skip
# The opening hours, which a listing keeps in rows of their own (OpeningPeriod): a source
# gives them as [[weekday, "HH:MM", "HH:MM"], …] ([] for none), source_values keeps them so,
# and `makers_import_batch` writes them through the hours service (`maker_hours_set`).
HOURS_FIELD = "opening_hours"
RELATED_FIELDS = {"primary_category": Category, "place": Place}
# The revision's names for the fields it holds (MakerRevision.changes).
REVISION_FIELDS = {"place_id": "place", "primary_category_id": "primary_category"}
KEY_MAX_LENGTH = Maker._meta.get_field("source_key").max_length


class ImportAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # its values were refused (`errors`)


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one row did (or would do) to its listing.

    `changed`: the fields written (all of them for a new listing). `kept`: the fields edited
    here since the last import, with the source's new value, which was not written.
    `errors`: why the values were refused, by field.
    """

    key: str
    action: ImportAction
    maker_id: int | None = None
    changed: tuple[str, ...] = ()
    kept: Mapping[str, Any] = field(default_factory=dict)
    errors: Mapping[str, list[str]] = field(default_factory=dict)


@dataclass
class ImportSession:
    """One import of `source`: when it ran (every listing it lists is seen then), who ran it
    (None: the site itself), and what its batches look up once rather than per batch (a
    category's ancestors, a commune's territories).

    A `bulk` import (a file) leaves two things to `makers_import_finish`, which it calls
    once at its end: recounting the published listings of the categories it touched (a count
    per batch would read a growing table each time), and duplicate detection, which a few
    new listings get one by one and many get as one bulk pass over the directory (a check
    per listing reads its neighbours: hours for a national file).
    """

    source: Source
    seen_at: datetime.datetime = field(default_factory=timezone.now)
    actor: AbstractBaseUser | None = None
    bulk: bool = False
    # Which listings of the source this import lists in full, if it reads the source to its
    # end: Q() for all of them (a whole file), a filter over Maker for some (a register read
    # for a few départements), None for no telling (one row, a sample): only the listings it
    # covers and did not see are taken for vanished (`makers_import_vanished`).
    covers: Q | None = None
    created: int = 0
    # How long the last batch's transaction took (its caller sizes the next batches by it).
    write_seconds: float = 0.0
    _created_ids: list[int] = field(default_factory=list, repr=False)
    _categories: set[int] = field(default_factory=set, repr=False)
    _links: dict[int, dict[int, bool]] = field(default_factory=dict, repr=False)
    _territories: dict[int, list[int]] = field(default_factory=dict, repr=False)
    _drawn_areas: bool | None = field(default=None, repr=False)
    # Whether the source has open proposals (`resync`): None until a batch asked.
    _proposals_open: bool | None = field(default=None, repr=False)

    def category_links(self, category_id: int) -> dict[int, bool]:
        """{category id: is_direct} of a listing in `category_id` (its ancestors included)."""
        if category_id not in self._links:
            self._links[category_id] = category_with_ancestors([category_id])
        return self._links[category_id]

    def territory_ids(
        self, place: Place | None, point: tuple[float, float] | None = None
    ) -> list[int]:
        """The territories of a listing in `place` (at `point`, when areas are drawn)."""
        if self._drawn_areas is None:
            self._drawn_areas = Territory.objects.filter(
                kind=Territory.Kind.CUSTOM, boundary__isnull=False, is_active=True
            ).exists()
        if point is not None and self._drawn_areas:
            # A boundary may cut a commune: the listing's own point decides, uncached.
            return [t.pk for t in territories_containing(place, point=point)]
        if place is None:
            return []
        if place.pk not in self._territories:
            self._territories[place.pk] = [t.pk for t in territories_containing(place)]
        return self._territories[place.pk]

    @property
    def reason(self) -> str:
        return _("Import from “%(source)s”") % {"source": self.source.name}


# --- checking values ----------------------------------------------------------------------------


def import_values_clean(key: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` as a listing stores them (converted, checked by the Maker fields' own rules),
    or ValidationError by field. Runs no query: call it outside the write transaction."""
    unknown = set(values) - IMPORTABLE_FIELDS
    if unknown:
        raise ValueError(f"not importable: {', '.join(sorted(unknown))}")
    errors: dict[str, list[str]] = {}
    key = (key or "").strip()
    if not key or len(key) > KEY_MAX_LENGTH:
        errors["source_key"] = [
            _("Every row needs a key of at most %(limit)d characters.") % {"limit": KEY_MAX_LENGTH}
        ]
    if not isinstance(values.get("primary_category"), Category):
        errors["primary_category"] = [_("Every listing needs a category.")]
    values = dict(values)
    hours = values.pop(HOURS_FIELD, None)
    if hours is not None:
        try:
            hours = hours_clean(hours)
        except ValidationError as error:
            errors[HOURS_FIELD] = error.messages
    maker = Maker(**values)
    checked = set(values) - set(RELATED_FIELDS)
    try:
        maker.clean_fields(exclude=[f.name for f in Maker._meta.fields if f.name not in checked])
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    cleaned = {name: getattr(maker, name) for name in values}
    return cleaned if hours is None else {**cleaned, HOURS_FIELD: hours}


def hours_clean(periods: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """`periods` ((weekday, opens, closes), times or "HH:MM") as source_values keeps them:
    [[weekday, "HH:MM", "HH:MM"], …] in order, or ValidationError. Runs no query."""
    cleaned = []
    try:
        for weekday, opens, closes in periods:
            opens, closes = _hours_time(opens), _hours_time(closes)
            if isinstance(weekday, bool) or weekday not in range(7) or closes <= opens:
                raise ValueError
            cleaned.append([int(weekday), opens, closes])
    except (TypeError, ValueError):
        raise ValidationError(
            _(
                "Each opening period is a day from 0 to 6, a time it opens and a later one "
                "it closes."
            )
        ) from None
    if len(cleaned) > MAX_OPENING_PERIODS:
        raise ValidationError(
            ngettext(
                "Give %(num)d opening period at most.",
                "Give %(num)d opening periods at most.",
                MAX_OPENING_PERIODS,
            )
            % {"num": MAX_OPENING_PERIODS}
        )
    return sorted(cleaned)


def _hours_time(value: Any) -> str:
    if not isinstance(value, datetime.time):
        value = datetime.time.fromisoformat(str(value))
    return value.isoformat(timespec="minutes")


def hours_periods(hours: Iterable[Sequence[Any]]) -> list[tuple[int, datetime.time, datetime.time]]:
    """The (weekday, opens, closes) periods the hours service takes, from `hours_clean`'s."""
    return [
        (weekday, datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes))
        for weekday, opens, closes in hours
    ]


def source_value(value: Any) -> Any:
    """A value as `source_values` keeps it: a row by its key, the rest as JSON holds it."""
    return value.pk if isinstance(value, models.Model) else value


def current_value(maker: Maker, name: str) -> Any:
    if name == HOURS_FIELD:
        return hours_clean(
            (period.weekday, period.opens, period.closes)
            for period in maker.opening_periods.all()  # prefetched: makers_existing
        )
    return getattr(maker, f"{name}_id" if name in RELATED_FIELDS else name)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


# --- planning -----------------------------------------------------------------------------------


def row_plan(
    *, key: str, maker: Maker, values: Mapping[str, Any], held: set[str]
) -> tuple[ImportOutcome, dict[str, Any]]:
    """What importing `values` into the existing `maker` does, and its new `source_values`.

    A field is written when the listing still holds what the source said last time (or,
    for a field the source never gave, nothing). A field edited here since — it differs
    from what the source said, or waits in a pending revision (`held`) — is kept, and
    reported when the source now says something new of it.
    """
    said = maker.source_values or {}
    changed, kept = [], {}
    for name, value in values.items():
        new, current = source_value(value), current_value(maker, name)
        if new == current:
            continue
        edited = current != said[name] if name in said else not is_empty(current)
        if edited or name in held:
            if said.get(name, object()) != new:
                kept[name] = value
            continue
        changed.append(name)
    source_values = {**said, **{name: source_value(value) for name, value in values.items()}}
    action = ImportAction.UPDATED if changed else ImportAction.UNCHANGED
    outcome = ImportOutcome(key, action, maker.pk, tuple(changed), kept)
    return outcome, source_values


def rows_cleaned(rows: Sequence[tuple[str, Mapping[str, Any]]]):
    """(key, cleaned values or None, outcome of a refused row or None) for each row."""
    keys = [key.strip() for key, _values in rows]
    if len(set(keys)) != len(keys):
        raise ValueError("a key appears twice in one batch")
    for key, (_key, values) in zip(keys, rows, strict=True):
        try:
            yield key, import_values_clean(key, values), None
        except ValidationError as error:
            yield key, None, ImportOutcome(key, ImportAction.SKIPPED, errors=error.message_dict)


def makers_existing(session: ImportSession, keys: Iterable[str], *, lock: bool) -> dict[str, Maker]:
    if session.source.pk is None:  # a dry run for a source not created yet
        return {}
    makers = Maker.objects.filter(source=session.source, source_key__in=list(keys)).order_by()
    makers = makers.prefetch_related("opening_periods")  # one query for the batch
    if lock:
        makers = makers.select_for_update()
    return {maker.source_key: maker for maker in makers}


def held_fields(maker_ids: Iterable[int]) -> dict[int, set[str]]:
    """{maker id: the fields its pending revision holds} (edits waiting for the operators)."""
    held: dict[int, set[str]] = {}
    pending = MakerRevision.objects.filter(
        maker_id__in=list(maker_ids), status=MakerRevision.Status.PENDING
    )
    for maker_id, changes in pending.values_list("maker_id", "changes"):
        held[maker_id] = {REVISION_FIELDS.get(name, name) for name in changes}
        if "other_category_ids" in changes:
            held[maker_id].add("primary_category")
    return held


def makers_import_plan(
    *, session: ImportSession, rows: Sequence[tuple[str, Mapping[str, Any]]]
) -> list[ImportOutcome]:
    """What `makers_import_batch` would do with `rows` ((key, values) pairs), writing nothing."""
    cleaned = list(rows_cleaned(rows))
    existing = makers_existing(session, [key for key, values, _ in cleaned if values], lock=False)
    held = held_fields(maker.pk for maker in existing.values())
    outcomes = []
    for key, values, refused in cleaned:
        if refused is not None:
            outcomes.append(refused)
        elif key in existing:
            maker = existing[key]
            held_here = held.get(maker.pk, set())
            outcomes.append(row_plan(key=key, maker=maker, values=values, held=held_here)[0])
        else:
            outcomes.append(ImportOutcome(key, ImportAction.CREATED, changed=tuple(values)))
    return outcomes
