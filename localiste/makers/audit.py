"""The audit log of listings: who changed what of a maker, when, from what to what.

Entries are django-auditlog's `LogEntry` rows (one table on SQLite and PostgreSQL, and a
read-only list in the Django admin), written by the makers' services themselves with
`audit_record`, inside their transaction: the entry commits or rolls back with the change.
Models are not registered for auditlog's automatic logging, on purpose: half of what a
service writes goes through `QuerySet.update()` or `bulk_create()` (versions, positions,
publication, opening hours, places to buy, category links), which model signals never see;
and only the service knows who asked, why (the reason of a suspension), and that fourteen
rows replaced make one change ("opening hours", from these to those).

Every entry is filed under the maker (its content type and id), whatever row it is about:
`subject` names the product or photo concerned. A maker's history is then one indexed read
(`makers.selectors.history`). People are named by the key to their account, invitations by
theirs: their names and addresses are read when the history is shown, so they leave it when
the account is erased or the invitation withdrawn.

Who: the `actor` the service was given (the editor, the operator); else the user of the
request being served (`AuditActorMiddleware`); else nobody: a task or a command, shown as the
site itself. No e-mail address of the actor is copied into the entry (only the key to their
account, emptied when the account is erased), nor the visitor's IP address.

The middleware is ours rather than auditlog's `AuditlogMiddleware`, which loads the user on
every request, connects and disconnects a signal receiver around each, stores the visitor's
address, and leaves its context set once the request is over (code that runs next in the
thread, a command or a test, would be put down to the previous request's user).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from auditlog.diff import mask_str
from auditlog.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.functional import Promise

from localiste.core.models import TranslatedNameModel

# Names that must never reach the log, whatever a caller (or a later registration of a model
# for auditlog's automatic logging) passes: a key containing one of them is dropped.
SECRET_WORDS = ("password", "token", "secret", "signature", "session", "otp")
# Actions of each kind, for auditlog's own column (its admin filters by it).
CREATING = ("create", "add", "invite", "join")
DELETING = ("delete", "remove", "cancel", "leave")

# Who made a change, as recorded with it (a member of the team may become an operator later,
# or leave: the history keeps what they were).
BY_TEAM = "team"
BY_OPERATOR = "operator"
BY_SYSTEM = "system"


def audit_value(value: Any) -> Any:
    """`value` as the log stores it: JSON, readable later without the rows it named.

    Categories and labels keep their names in both languages, people the key to their
    account (their name is read when the history is shown, so an erased account leaves no
    name behind), other rows their text.
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, TranslatedNameModel):
        return {"fr": value.name_fr, "en": value.name_en}
    if isinstance(value, AbstractBaseUser):
        return {"user": value.pk}
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): audit_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [audit_value(item) for item in value]
    if isinstance(value, Promise):
        return str(value)
    return str(value)


def audit_snapshot(row: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The values of `names` on `row` as they are now (before a change, and after it)."""
    return {name: audit_value(getattr(row, name)) for name in names}


def audit_changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, tuple[Any, Any]]:
    """{name: (before, after)} for the names whose value differs between two snapshots."""
    return {
        name: (before.get(name), value)
        for name, value in after.items()
        if audit_value(before.get(name)) != audit_value(value)
    }


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in SECRET_WORDS)


# Who acts in the current context when a service is not told: the request being served (its
# user is read only when something is recorded), or a user set by `audit_actor`.
_acting: ContextVar = ContextVar("audit_acting", default=None)


class AuditActorMiddleware:
    """Make the user of each request the actor of what the services record while serving it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _acting.set(request)
        try:
            return self.get_response(request)
        finally:
            _acting.reset(token)


@contextmanager
def audit_actor(user: AbstractBaseUser | None) -> Iterator[None]:
    """Inside the block, `user` is who acts where a service is not told (a command or a task
    run for an operator), as the middleware makes the request's user."""
    token = _acting.set(user)
    try:
        yield
    finally:
        _acting.reset(token)


def _context_actor() -> AbstractBaseUser | None:
    """The user acting in the current context (see `audit_actor`), if any and logged in."""
    acting = _acting.get()
    user = getattr(acting, "user", acting)  # a request, or a user
    return user if getattr(user, "is_authenticated", False) else None


def _kind(action: str) -> int:
    verb = action.rsplit(".", 1)[-1]
    if verb in CREATING:
        return LogEntry.Action.CREATE
    if verb in DELETING:
        return LogEntry.Action.DELETE
    return LogEntry.Action.UPDATE


def audit_record(**fields: Any) -> LogEntry | None:
    """Record that `actor` did `action` ("product.update") to the maker `target` (the
    arguments are `audit_entry`'s); the entry saved, or None when nothing changed."""
    entry = audit_entry(**fields)
    if entry is not None:
        entry.save()
    return entry


def audit_record_many(entries: Iterable[LogEntry | None]) -> int:
    """Save at once the entries made by `audit_entry` (one per maker of a bulk change); how
    many (those None, where nothing changed, are left out)."""
    return len(LogEntry.objects.bulk_create([entry for entry in entries if entry is not None]))


def audit_entry(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    target,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    subject: models.Model | None = None,
    subject_label: str = "",
    reason: str = "",
    by_operator: bool | None = None,
    named: bool = True,
) -> LogEntry | None:
    """The entry (unsaved) recording that `actor` did `action` ("product.update") to the
    maker `target`, or None.

    `changes` maps field names (of the maker, or of `subject`: the product, photo… the change
    is about) to (before, after); pairs that are equal are left out, and when `changes` was
    given and nothing is left, nothing is recorded (None). Without `changes` the action itself
    is the record (a deletion). `reason` is what the person gave for it (a suspension).
    `actor` None: the request's user, else the site itself. `by_operator` says whether they
    acted as a moderator; by default, whether they are staff. `named=False` leaves the
    maker's name out (its deletion: the name may be a person's).
    """
    cleaned = None
    if changes is not None:
        cleaned = {}
        for name, (before, after) in changes.items():
            if _is_secret(name):
                continue
            before, after = audit_value(before), audit_value(after)
            if before != after and not (_is_empty(before) and _is_empty(after)):
                cleaned[name] = [before, after]
        if not cleaned:
            return None
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None  # an anonymous visitor (a claim confirmed by link is logged in)
    actor = actor or _context_actor()
    if by_operator is None:
        by_operator = bool(actor is not None and actor.is_staff)
    details: dict[str, Any] = {
        "action": action,
        "by": BY_SYSTEM if actor is None else BY_OPERATOR if by_operator else BY_TEAM,
    }
    if subject is not None:
        details["subject"] = {
            "type": subject._meta.model_name,
            "id": subject.pk,
            "label": subject_label or str(subject),
        }
    if reason:
        details["reason"] = reason
    return LogEntry(
        content_type=ContentType.objects.get_for_model(type(target)),
        object_pk=str(target.pk),
        object_id=target.pk,
        object_repr=(named and str(target)) or f"{target._meta.verbose_name} {target.pk}",
        action=_kind(action),
        changes=cleaned,
        actor=actor,
        additional_data=details,
    )


def audit_target(row: models.Model, name: str = "maker"):
    """The maker `row` (a product, a photo) belongs to, for `audit_record`, without a query:
    the one loaded with it, else a stand-in carrying its key."""
    field = row._meta.get_field(name)
    if field.is_cached(row):
        return getattr(row, name)
    return field.related_model(pk=getattr(row, field.attname))


def audit_entries(target):
    """The entries of the maker `target`, newest first (an indexed read)."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(target)), object_id=target.pk
    ).order_by("-timestamp", "-pk")


def audit_entries_move(*, source, target) -> int:
    """File the entries of the maker `source` under `target` (a merge keeps both histories
    in the listing that survives); how many moved."""
    return audit_entries(source).update(object_id=target.pk, object_pk=str(target.pk))


def audit_values_mask(*, target, values: Iterable[str]) -> int:
    """Mask `values` (a leaving member's addresses) wherever the entries of the maker `target`
    hold them, as auditlog masks a field; how many entries changed."""
    wanted = {value.lower() for value in values if value}
    if not wanted:
        return 0
    holding = models.Q()
    for value in wanted:
        holding |= models.Q(changes__icontains=value)
    changed = 0
    for entry in audit_entries(target).filter(holding).only("pk", "changes"):
        masked = _masked(entry.changes, wanted)
        if masked != entry.changes:
            LogEntry.objects.filter(pk=entry.pk).update(changes=masked)
            changed += 1
    return changed


def _masked(value: Any, wanted: set[str]) -> Any:
    if isinstance(value, str):
        return mask_str(value) if value.lower() in wanted else value
    if isinstance(value, list):
        return [_masked(item, wanted) for item in value]
    if isinstance(value, dict):
        return {key: _masked(item, wanted) for key, item in value.items()}
    return value


def audit_forget(target) -> int:
    """Delete the entries of the maker `target` (it is being deleted with all it held, the
    people's addresses and phones its entries carry included); how many."""
    deleted, _by_model = audit_entries(target).delete()
    return deleted


@receiver(pre_save, sender=LogEntry, dispatch_uid="makers.audit.secrets_dropped")
def _secrets_dropped(sender, instance: LogEntry, **kwargs) -> None:
    """Keep secrets out of every entry, whoever writes it, and no copy of the actor's address.

    Our services never pass a password or a token; this also holds if a model is one day
    registered for auditlog's automatic logging (a user's password hash would be logged).
    """
    if isinstance(instance.changes, dict):
        instance.changes = {
            name: value for name, value in instance.changes.items() if not _is_secret(name)
        }
    if isinstance(instance.serialized_data, dict):
        fields = instance.serialized_data.get("fields")
        if isinstance(fields, dict):
            instance.serialized_data["fields"] = {
                name: value for name, value in fields.items() if not _is_secret(name)
            }
    # auditlog copies the actor's address next to the key to their account: erasing the
    # account empties the key (SET_NULL), it would not empty a copy.
    instance.actor_email = None
