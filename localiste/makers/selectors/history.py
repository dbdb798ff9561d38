"""A maker's history as people read it: when, who, what changed from what to what.

The entries are those the services record (`makers.audit`). They are shown in the reader's
language: fields by their names, choices by their labels, categories and labels by their
names, people by their names (or "you"), long texts as a summary of what changed in them;
never the stored JSON, never an id. Two audiences: the team in the maker space
(`team_view`: operators are "an operator"), and the operators at the desk (their names).

How each recorded value reads is in `history_values`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from localiste.core.pagination import PageWindow
from localiste.makers.audit import BY_OPERATOR, BY_SYSTEM, audit_entries
from localiste.makers.models import (
    Invitation,
    Maker,
    Membership,
    OpeningPeriod,
    Photo,
    Product,
    SalesPoint,
)
from localiste.makers.selectors.history_values import (
    Readers,
    TextChange,
    is_long_text,
    person_name,
    text_change,
    value_shown,
)
from localiste.makers.selectors.public import page_number_parse

HISTORY_PAGE_SIZE = 25
# What each action is called; "%(name)s" is the product, photo… it was about.
ACTION_TITLES = {
    "maker.create": gettext_lazy("Listing created"),
    "maker.update": gettext_lazy("Page edited"),
    "maker.propose": gettext_lazy("Changes sent for review"),
    "maker.categories": gettext_lazy("Categories changed"),
    "maker.labels": gettext_lazy("Labels changed"),
    "maker.submit": gettext_lazy("Sent for review"),
    "maker.publish": gettext_lazy("Published"),
    "maker.withdraw": gettext_lazy("Taken off the public site"),
    "maker.approve": gettext_lazy("Approved"),
    "maker.request_changes": gettext_lazy("Sent back for changes"),
    "maker.refuse": gettext_lazy("Refused"),
    "maker.suspend": gettext_lazy("Suspended"),
    "maker.restore": gettext_lazy("Restored"),
    "maker.merge": gettext_lazy("Merged with another listing"),
    "maker.confirm": gettext_lazy("Confirmed as up to date"),
    "maker.delete": gettext_lazy("Listing deleted"),
    "revision.approve": gettext_lazy("Changes approved"),
    "revision.reject": gettext_lazy("Changes refused"),
    "hours.set": gettext_lazy("Opening hours changed"),
    "sales_points.set": gettext_lazy("Places to buy changed"),
    "product.create": gettext_lazy("Product added: %(name)s"),
    "product.update": gettext_lazy("Product changed: %(name)s"),
    "product.publish": gettext_lazy("Product shown on the page: %(name)s"),
    "product.hide": gettext_lazy("Product hidden from the page: %(name)s"),
    "product.move": gettext_lazy("Product moved: %(name)s"),
    "product.delete": gettext_lazy("Product removed: %(name)s"),
    "product.approve": gettext_lazy("Product approved: %(name)s"),
    "product.restore": gettext_lazy("Product change refused, the approved one back: %(name)s"),
    "photo.add": gettext_lazy("Photo added: %(name)s"),
    "photo.update": gettext_lazy("Photo description changed: %(name)s"),
    "photo.move": gettext_lazy("Photo moved: %(name)s"),
    "photo.delete": gettext_lazy("Photo removed: %(name)s"),
    "photo.approve": gettext_lazy("Photo approved: %(name)s"),
    "team.invite": gettext_lazy("Invitation sent"),
    "team.cancel": gettext_lazy("Invitation withdrawn"),
    "team.join": gettext_lazy("Joined the team"),
    "team.claim": gettext_lazy("Listing claimed"),
    "team.remove": gettext_lazy("Removed from the team"),
    "team.leave": gettext_lazy("Left the team"),
    "team.transfer": gettext_lazy("Ownership handed over"),
}
OTHER_ACTION = gettext_lazy("Change")
# Names in the records that are not a column of the row they are about.
RECORD_LABELS = {
    "other_categories": gettext_lazy("other categories"),
    "opening_hours": OpeningPeriod._meta.verbose_name_plural,
    "sales_points": SalesPoint._meta.verbose_name_plural,
    "member": gettext_lazy("team member"),
    "owner": gettext_lazy("owner"),
    "photo_ids": gettext_lazy("new photos"),
    "invitation": Invitation._meta.verbose_name,
}
# The eligibility answers a listing carries (Maker.eligibility), each shown as its question.
ELIGIBILITY_LABELS = {
    "makes_own_work": gettext_lazy("makes what they sell"),
    "in_territory": gettext_lazy("workshop in the territory"),
    "non_food": gettext_lazy("non-food goods"),
    "what_you_make": gettext_lazy("what they make"),
}
SUBJECT_MODELS: dict[str, type[models.Model]] = {
    model._meta.model_name: model
    for model in (Maker, Product, Photo, Invitation, Membership, OpeningPeriod, SalesPoint)
}


@dataclass(frozen=True)
class FieldChange:
    """One field of one change: its name, and its value before and after (or `text`)."""

    label: str
    before: str
    after: str
    text: TextChange | None = None


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    by_operator: bool
    title: str
    reason: str
    changes: tuple[FieldChange, ...]
    subject_type: str = ""  # the product, photo… it was about ("" for the listing itself)
    subject_id: int | None = None


@dataclass(frozen=True)
class HistoryPage(PageWindow):
    entries: list[HistoryEntry]
    number: int
    num_pages: int
    total: int


def maker_history(
    *,
    maker: Maker,
    limit: int = 50,
    offset: int = 0,
    viewer: AbstractBaseUser | None = None,
    team_view: bool = False,
) -> list[HistoryEntry]:
    """The newest `limit` changes of `maker` (after the first `offset`), readable.

    `viewer` is called "you" in them. `team_view` is the history as the team sees it in the
    maker space: operators appear as "an operator"; otherwise (the desk) by their names.
    One query for the entries with their authors, one more for the people and one for the
    invitations the changes name, when some do.
    """
    entries = _entries(maker, team_view=team_view).select_related("actor")
    rows = list(entries[offset : offset + limit])
    return _readable(rows, viewer=viewer, team_view=team_view)


def maker_history_page(
    *,
    maker: Maker,
    page_number: str | int | None,
    viewer: AbstractBaseUser | None = None,
    team_view: bool = False,
    per_page: int = HISTORY_PAGE_SIZE,
) -> HistoryPage:
    """Page `page_number` of `maker_history` (Http404 for a page that does not exist)."""
    total = _entries(maker, team_view=team_view).count()
    num_pages = max(1, -(-total // per_page))
    number = page_number_parse(page_number, num_pages=num_pages)
    entries = maker_history(
        maker=maker,
        limit=per_page,
        offset=(number - 1) * per_page,
        viewer=viewer,
        team_view=team_view,
    )
    return HistoryPage(entries=entries, number=number, num_pages=num_pages, total=total)


# What the desk records of reports stays at the desk: the team never sees that its listing was
# reported, nor the operators' notes on it (a suspension, told to the team, is its own entry).
DESK_ONLY_ACTIONS = ("report.",)


def _entries(maker: Maker, *, team_view: bool):
    entries = audit_entries(maker)
    if team_view:
        for prefix in DESK_ONLY_ACTIONS:
            entries = entries.exclude(additional_data__action__startswith=prefix)
    return entries


def _readable(
    rows: Sequence[LogEntry], *, viewer: AbstractBaseUser | None, team_view: bool
) -> list[HistoryEntry]:
    people, invitations = _rows_named(rows)
    context = Readers(viewer=viewer, team_view=team_view, people=people, invitations=invitations)
    entries = []
    for row in rows:
        details = row.additional_data or {}
        subject = details.get("subject") or {}
        model = SUBJECT_MODELS.get(subject.get("type"), Maker)
        title = ACTION_TITLES.get(details.get("action"), OTHER_ACTION)
        entries.append(
            HistoryEntry(
                when=row.timestamp,
                who=_who(row, context),
                by_operator=details.get("by") == BY_OPERATOR,
                title=str(title) % {"name": subject.get("label", "")},
                reason=details.get("reason", ""),
                changes=tuple(
                    change
                    for name, pair in (row.changes or {}).items()
                    if isinstance(pair, list | tuple) and len(pair) == 2
                    for change in _field_changes(model, name, pair, context)
                ),
                subject_type=subject.get("type", ""),
                subject_id=subject.get("id"),
            )
        )
    return entries


def _rows_named(rows: Iterable[LogEntry]) -> tuple[dict, dict]:
    """The accounts and the invitations the changes of `rows` name, by key: a query for each
    kind named, none when there is none (entries keep keys, not people's names)."""
    keys: dict[str, set[int]] = {"user": set(), "invitation": set()}
    for row in rows:
        for pair in (row.changes or {}).values():
            for value in pair if isinstance(pair, list | tuple) else ():
                for item in value if isinstance(value, list) else [value]:
                    for kind, found in keys.items():
                        if isinstance(item, dict) and isinstance(item.get(kind), int):
                            found.add(item[kind])
    people = get_user_model().objects.in_bulk(keys["user"]) if keys["user"] else {}
    invitations = Invitation.objects.in_bulk(keys["invitation"]) if keys["invitation"] else {}
    return people, invitations


def _who(row: LogEntry, context: Readers) -> str:
    by = (row.additional_data or {}).get("by")
    actor = row.actor
    if by == BY_SYSTEM:
        return gettext("the site, automatically")
    if actor is None:
        return gettext("an operator") if by == BY_OPERATOR else gettext("a deleted account")
    if context.viewer is not None and actor.pk == context.viewer.pk:
        return gettext("you")
    if by == BY_OPERATOR:
        if context.team_view:
            return gettext("an operator")
        return gettext("%(name)s (operator)") % {"name": person_name(actor)}
    return person_name(actor)


def _label(model: type[models.Model], name: str) -> str:
    if name in RECORD_LABELS:
        return str(RECORD_LABELS[name])
    field = _field(model, name)
    label = getattr(field, "verbose_name", None) or name.replace("_", " ")
    return str(label)


def _field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _field_changes(
    model: type[models.Model], name: str, pair: Sequence[Any], context: Readers
) -> list[FieldChange]:
    """The rows one recorded field makes: one; for the eligibility answers (a mapping of
    questions), one per answer that changed."""
    if name != "eligibility" or not all(isinstance(value, dict | None) for value in pair):
        return [_field_change(model, name, pair, context)]
    before, after = pair[0] or {}, pair[1] or {}
    order = {key: position for position, key in enumerate(ELIGIBILITY_LABELS)}
    keys = sorted({*before, *after}, key=lambda key: (order.get(key, len(order)), key))
    label = _label(model, name)
    return [
        FieldChange(
            label=f"{label} — {ELIGIBILITY_LABELS.get(key, key.replace('_', ' '))}",
            before=value_shown(None, key, before.get(key), context),
            after=value_shown(None, key, after.get(key), context),
        )
        for key in keys
        if before.get(key) != after.get(key)
    ]


def _field_change(
    model: type[models.Model], name: str, pair: Sequence[Any], context: Readers
) -> FieldChange:
    before, after = pair
    field = _field(model, name)
    if is_long_text(field, before, after):
        return FieldChange(
            label=_label(model, name),
            before="",
            after="",
            text=text_change(str(before or ""), str(after or "")),
        )
    return FieldChange(
        label=_label(model, name),
        before=value_shown(field, name, before, context),
        after=value_shown(field, name, after, context),
    )
