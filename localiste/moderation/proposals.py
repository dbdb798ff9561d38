"""What a source proposes for an imported listing, as an operator reads it, and what a listing
gone from its source looks like at the desk: field by field, the listing's value beside the
source's, with the names of categories and communes and a word-by-word diff of long texts."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from localiste.catalog.models import Category
from localiste.makers.models import Maker, OpeningPeriod
from localiste.makers.models.revision import SourceProposal
from localiste.makers.services.imports.values import HOURS_FIELD, current_value, held_fields
from localiste.moderation.diffs import FieldChange, text_diff
from localiste.places.models import Place

LONG_TEXTS = ("story", "know_how", "hours_note")
RELATED = {"primary_category": Category, "place": Place}
# The order of the rows: as the maker space's steps, then the register's fields.
ORDER = (
    "name", "primary_category", "tagline", "story", "know_how", "founded_year", "street",
    "postcode", "locality", "country", "place", "latitude", "longitude", "location_precision",
    "email", "phone", "website", "shop_url", "instagram_url", "facebook_url", "hours_note",
    "legal_name", "siret", "vat_number", HOURS_FIELD,
)  # fmt: skip


def _ordered(changes: Mapping[str, Any]) -> list[str]:
    rank = {name: position for position, name in enumerate(ORDER)}
    return sorted(changes, key=lambda name: (rank.get(name, len(ORDER)), name))


def proposal_rows(*, maker: Maker, changes: Mapping[str, Any]) -> list[FieldChange]:
    """A row for each field of `changes`: the listing's value now, then the source's."""
    names = {}
    for name, model in RELATED.items():
        ids = {value for value in (changes.get(name), current_value(maker, name)) if value}
        if name in changes and ids:
            names[name] = {row.pk: str(row) for row in model.objects.filter(pk__in=ids)}
    rows = []
    for name in _ordered(changes):
        row = FieldChange(key=name, label=_label(name))
        now, proposed = current_value(maker, name), changes[name]
        if name in LONG_TEXTS:
            row.before, row.after = now or "", proposed or ""
            row.text_diff = text_diff(row.before, row.after)
        else:
            row.before = _display(name, now, names)
            row.after = _display(name, proposed, names)
        rows.append(row)
    return rows


def proposal_held_rows(*, maker: Maker, rows: list[FieldChange]) -> list[FieldChange]:
    """Those of `rows` whose fields the listing's team changed too, in the revision waiting
    for the operators: the fields the import itself keeps for that reason (`held_fields`)."""
    held = held_fields([maker.pk]).get(maker.pk, set())
    return [row for row in rows if row.key in held]


def _label(name: str) -> str:
    if name == HOURS_FIELD:
        return _("Opening hours")
    label = str(Maker._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _display(name: str, value: Any, names: Mapping[str, Mapping[int, str]]) -> str:
    if value in (None, "", []):
        return "—"
    if name == HOURS_FIELD:
        days = dict(OpeningPeriod.Weekday.choices)
        return "; ".join(f"{days[day]} {opens}–{closes}" for day, opens, closes in value)
    if name in RELATED:
        return names.get(name, {}).get(value, "—")
    if name == "location_precision":
        return str(dict(Maker.Precision.choices).get(value, value))
    return str(value)


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def proposal_fingerprint(proposal: SourceProposal, maker: Maker) -> str:
    """A short digest of the proposal as its page shows it (what it proposes, and the
    listing's values beside it): a newer run or an edit of the listing gives another one."""
    current = {name: current_value(maker, name) for name in proposal.changes}
    return _digest([proposal.status, proposal.changes, current])


def vanished_fingerprint(maker: Maker) -> str:
    """A short digest of a listing gone from its source, as its page shows it."""
    return _digest(
        [
            maker.status,
            maker.version,
            maker.source_vanished_at,
            maker.source_vanished_decided_at,
            maker.source_seen_at,
        ]
    )
