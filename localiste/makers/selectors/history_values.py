"""How the recorded values of a maker's history read: in the reader's language, never JSON.

Choices by their labels, categories and labels by their names, people by their names (or
"you"), opening hours and places to buy in words, long texts as a summary of what changed.
`makers.selectors.history` reads the records; this says what their values are.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, ngettext

from localiste.makers.models import Invitation, OpeningPeriod, SalesPoint
from localiste.makers.models.workshop import PaymentMethod, spoken_language_choices

# Texts longer than this (or Markdown fields, whatever their length) are shown as what was
# removed and added, not as two whole versions.
LONG_TEXT_CHARS = 200
PASSAGES_SHOWN = 3
PASSAGE_CHARS = 120
# Fields holding a list of codes, and where the codes' names are (in the reader's language).
ITEM_CHOICES = {
    "payment_methods": lambda: PaymentMethod.choices,
    "languages_spoken": spoken_language_choices,
}


@dataclass(frozen=True)
class TextChange:
    """What changed in a long text: words added and removed, and a few of the passages."""

    added_words: int
    removed_words: int
    passages: tuple[tuple[str, str], ...]  # (removed, added), shortened

    @property
    def summary(self) -> str:
        """ "12 words added, 3 words removed", in the reader's language."""
        parts = []
        if self.added_words:
            parts.append(
                ngettext("%(count)d word added", "%(count)d words added", self.added_words)
                % {"count": self.added_words}
            )
        if self.removed_words:
            parts.append(
                ngettext("%(count)d word removed", "%(count)d words removed", self.removed_words)
                % {"count": self.removed_words}
            )
        return ", ".join(parts) or gettext("Spacing or line breaks changed")


@dataclass(frozen=True)
class Readers:
    """Who reads the history, and the people and invitations its values name."""

    viewer: AbstractBaseUser | None
    team_view: bool
    people: Mapping[int, AbstractBaseUser]
    invitations: Mapping[int, Invitation]


def person_name(user: AbstractBaseUser) -> str:
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full_name or getattr(user, "email", "") or user.get_username()


def is_long_text(field: models.Field | None, before: Any, after: Any) -> bool:
    if not all(value is None or isinstance(value, str) for value in (before, after)):
        return False
    if isinstance(field, models.TextField):
        return True
    return max(len(before or ""), len(after or "")) > LONG_TEXT_CHARS


def value_shown(field: models.Field | None, name: str, value: Any, context: Readers) -> str:
    """`value` of the field `name` as the reader reads it."""
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dict):
        return _shown_object(value, context)
    if isinstance(value, list):
        if name == "opening_hours":
            return "; ".join(_shown_period(period) for period in value) or "—"
        if name == "sales_points":
            return "; ".join(_shown_sales_point(point) for point in value) or "—"
        if name in ITEM_CHOICES:
            names = dict(ITEM_CHOICES[name]())
            return ", ".join(str(names.get(item, item)) for item in value)
        return ", ".join(value_shown(field, name, item, context) for item in value)
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if value in choices:
        return str(choices[value])
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        return _shown_datetime(value)
    if isinstance(field, models.DecimalField):
        try:
            return formats.localize(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if isinstance(value, float):
        return formats.localize(round(value, 5))
    return str(value)


def _shown_object(value: Mapping[str, Any], context: Readers) -> str:
    if "user" in value:
        key = value["user"]
        if context.viewer is not None and key == context.viewer.pk:
            return gettext("you")
        person = context.people.get(key)
        return person_name(person) if person is not None else gettext("a former team member")
    if "invitation" in value:
        invitation = context.invitations.get(value["invitation"])
        return invitation.email if invitation is not None else gettext("a withdrawn invitation")
    if "fr" in value or "en" in value:  # a category or a label, named in both languages
        language = (get_language() or "fr")[:2]
        return value.get(language) or value.get("fr") or value.get("en") or "—"
    return ", ".join(str(item) for item in value.values() if item not in (None, ""))


def _shown_period(period: Any) -> str:
    try:
        weekday, opens, closes = period
        day = OpeningPeriod.Weekday(weekday).label
    except (TypeError, ValueError):
        return str(period)
    return f"{day} {opens}–{closes}"


def _shown_sales_point(point: Any) -> str:
    if not isinstance(point, Mapping):
        return str(point)
    kinds = dict(SalesPoint.Kind.choices)
    where = [str(kinds.get(point.get("kind"), "")), point.get("locality", "")]
    where = [part for part in where if part]
    return f"{point.get('name', '')} ({', '.join(where)})" if where else point.get("name", "")


def _shown_datetime(value: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


def text_change(before: str, after: str) -> TextChange:
    """What was removed from `before` and added in `after`, word by word, in short."""
    old, new = before.split(), after.split()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    added = removed = 0
    passages = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed += i2 - i1
        added += j2 - j1
        if len(passages) < PASSAGES_SHOWN:
            passages.append((_shortened(old[i1:i2]), _shortened(new[j1:j2])))
    return TextChange(added_words=added, removed_words=removed, passages=tuple(passages))


def _shortened(words: Sequence[str]) -> str:
    text = " ".join(words)
    if len(text) <= PASSAGE_CHARS:
        return text
    return text[: PASSAGE_CHARS - 1].rsplit(" ", 1)[0] + "…"
