"""Writing imported listings: a batch in one short transaction, with a few bulk statements."""

from __future__ import annotations

import datetime
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from localiste.catalog.models import Category
from localiste.core.slugs import slug_base
from localiste.makers.audit import audit_changes, audit_record, audit_snapshot, audit_value
from localiste.makers.duplicates import duplicates_check_after_commit, duplicates_find_for
from localiste.makers.models import Maker, MakerCategory, SlugRedirect, Source
from localiste.makers.services.editing import (
    ADDRESS_FIELDS,
    SPACE_RESERVED_SLUGS,
    maker_direct_category_ids,
)
from localiste.makers.services.imports.resync import source_proposals_follow, vanished_clear
from localiste.makers.services.imports.values import (
    HOURS_FIELD,
    ImportAction,
    ImportOutcome,
    ImportSession,
    held_fields,
    hours_periods,
    makers_existing,
    row_plan,
    rows_cleaned,
    source_value,
)
from localiste.makers.services.indexing import (
    search_index_maker,
    search_index_makers,
    search_index_once,
)
from localiste.makers.services.listing import (
    category_counts_refresh,
    maker_categories_set,
)
from localiste.makers.services.notices import language_supported
from localiste.makers.services.practical import maker_hours_set
from localiste.makers.services.territories import maker_point, maker_territories_refresh
from localiste.makers.tasks import duplicates_find_all_task

# --- writing ------------------------------------------------------------------------------------


# Past this many new listings, a bulk import looks for duplicates in one bulk pass.
DUPLICATES_ONE_BY_ONE_MAX = 1000


def maker_import_upsert(
    *,
    source: Source,
    key: str,
    values: Mapping[str, Any],
    seen_at: datetime.datetime | None = None,
    actor: AbstractBaseUser | None = None,
) -> ImportOutcome:
    """Create or update the listing of `source` with `key` from `values`, or ValidationError.

    `values` maps IMPORTABLE_FIELDS to what the source says of them.
    """
    session = ImportSession(source=source, seen_at=seen_at or timezone.now(), actor=actor)
    outcome = makers_import_batch(session=session, rows=[(key, values)])[0]
    if outcome.action == ImportAction.SKIPPED:
        raise ValidationError(dict(outcome.errors))
    return outcome


def makers_import_batch(
    *, session: ImportSession, rows: Sequence[tuple[str, Mapping[str, Any]]]
) -> list[ImportOutcome]:
    """Create, update or leave the listings of `rows` ((key, values) pairs, each key once),
    in one transaction; an outcome for each row, in order (refused rows are SKIPPED)."""
    cleaned = list(rows_cleaned(rows))
    outcomes: dict[str, ImportOutcome] = {key: refused for key, _v, refused in cleaned if refused}
    wanted = {key: values for key, values, refused in cleaned if refused is None}
    for values in wanted.values():
        # Looked up before the write lock is taken: these reads need not hold it.
        session.category_links(values["primary_category"].pk)
        session.territory_ids(values.get("place"))
    if wanted:
        started = time.perf_counter()
        with transaction.atomic(), search_index_once():
            if connection.features.has_select_for_update:
                # Imports of one source take turns (the (source, key) pairs are looked up
                # first). SQLite has one writer at a time anyway.
                Source.objects.select_for_update().filter(pk=session.source.pk).first()
            existing = makers_existing(session, wanted, lock=True)
            outcomes |= _update_all(session, existing, wanted)
            new = [(key, values) for key, values in wanted.items() if key not in existing]
            outcomes |= _create_all(session, new)
        session.write_seconds = time.perf_counter() - started
    return [outcomes[key] for key, _values, _refused in cleaned]


def _create_all(
    session: ImportSession, rows: list[tuple[str, dict[str, Any]]]
) -> dict[str, ImportOutcome]:
    """Create the listings of `rows` with a few bulk statements, as `maker_create` and
    `maker_publish` would one by one: slug, categories, territories, history, index."""
    if not rows:
        return {}
    publish = session.source.publish
    now = session.seen_at
    slugs = _slugs_for([values["name"] for _key, values in rows])
    makers = [
        Maker(
            **{name: value for name, value in values.items() if name != HOURS_FIELD},
            slug=slug,
            source=session.source,
            source_key=key,
            source_values={name: source_value(value) for name, value in values.items()},
            source_seen_at=now,
            status=Maker.Status.PUBLISHED if publish else Maker.Status.PENDING,
            published_at=now if publish else None,
            submitted_at=None if publish else now,
            language=language_supported(""),  # the site's: nobody chose one yet
        )
        for (key, values), slug in zip(rows, slugs, strict=True)
    ]
    Maker.objects.bulk_create(makers)
    through = Maker.territories.through
    MakerCategory.objects.bulk_create(
        MakerCategory(
            maker=maker, category_id=category_id, is_direct=direct, listed_at=maker.published_at
        )
        for maker in makers
        for category_id, direct in session.category_links(maker.primary_category_id).items()
    )
    through.objects.bulk_create(
        through(maker_id=maker.pk, territory_id=territory_id)
        for maker in makers
        for territory_id in session.territory_ids(maker.place, maker_point(maker))
    )
    created_ids = [maker.pk for maker in makers]
    categories = {pk for m in makers for pk in session.category_links(m.primary_category_id)}
    _creations_record(session, makers)
    if not session.bulk:
        for maker in makers:
            duplicates_check_after_commit(maker)
    session.created += len(makers)
    if session.bulk:
        if session.created <= DUPLICATES_ONE_BY_ONE_MAX:
            session._created_ids.extend(created_ids)
        session._categories |= categories if publish else set()
    elif publish:
        category_counts_refresh(category_ids=categories)
    if publish:
        search_index_makers(maker_ids=created_ids)
    for maker, (_key, values) in zip(makers, rows, strict=True):
        if values.get(HOURS_FIELD):
            _hours_write(maker, values[HOURS_FIELD])
    return {
        maker.source_key: ImportOutcome(
            maker.source_key, ImportAction.CREATED, maker.pk, tuple(values)
        )
        for maker, (_key, values) in zip(makers, rows, strict=True)
    }


def makers_import_seen(*, session: ImportSession, keys: Iterable[str]) -> int:
    """Note that the source of `session` still lists `keys`, rows it skipped this time (a
    bad value): their listings stay as they are, and are not taken for vanished. How many."""
    keys = [key for key in keys if key]
    if not keys or session.source.pk is None:
        return 0
    listed = Maker.objects.filter(source=session.source, source_key__in=keys)
    vanished_clear(listed.filter(source_vanished_at__isnull=False).only("pk", "source_vanished_at"))
    return listed.update(source_seen_at=session.seen_at)


def _creation_changes(maker: Maker) -> dict[str, tuple[Any, Any]]:
    """What the history says of a new listing, as `maker_create` says it."""
    return {
        "name": (None, maker.name),
        "primary_category": (None, maker.primary_category),
        "status": (None, maker.status),
    }


def _creations_record(session: ImportSession, makers: list[Maker]) -> None:
    """Record the creation of each of `makers` in its history, as `maker_create` does.

    The first entry is written by `audit_record` (which settles who acted and how it is
    told); the others are the same entry for their own listing, in one INSERT rather than
    one per listing (a national file has a million).
    """
    first, *others = makers
    entry = audit_record(
        actor=session.actor,
        action="maker.create",
        target=first,
        changes=_creation_changes(first),
        reason=session.reason,
    )
    if entry is None or not others:
        return
    shared = {
        field.attname: getattr(entry, field.attname)
        for field in LogEntry._meta.concrete_fields
        if not field.primary_key
    }
    LogEntry.objects.bulk_create(
        LogEntry(
            **{
                **shared,
                "object_pk": str(maker.pk),
                "object_id": maker.pk,
                "object_repr": str(maker),
                "changes": {
                    name: [audit_value(before), audit_value(after)]
                    for name, (before, after) in _creation_changes(maker).items()
                },
            }
        )
        for maker in others
    )


def makers_import_finish(*, session: ImportSession) -> None:
    """End the bulk import `session`: recount its categories, look for duplicates of the
    listings it created (each alone, or in one bulk pass when there are many)."""
    if session._categories:
        category_counts_refresh(category_ids=session._categories)
        session._categories = set()
    if session.created > DUPLICATES_ONE_BY_ONE_MAX:
        # The bulk pass reads the whole directory (a hundred megabytes for a national one):
        # the task worker does it, so that the import itself stays small whatever the file.
        duplicates_find_all_task.enqueue()
    else:
        for maker in Maker.objects.filter(pk__in=session._created_ids).order_by("pk"):
            duplicates_find_for(maker=maker)
    session._created_ids, session.created = [], 0


def _update_all(
    session: ImportSession, existing: dict[str, Maker], wanted: dict[str, dict[str, Any]]
) -> dict[str, ImportOutcome]:
    """Update the listings of `existing` from `wanted`; those with nothing to write only
    note that the source lists them still (and what it says now of the fields kept)."""
    held = held_fields(maker.pk for maker in existing.values())
    outcomes, seen, said = {}, [], []
    for key, maker in existing.items():
        outcome, source_values = row_plan(
            key=key, maker=maker, values=wanted[key], held=held.get(maker.pk, set())
        )
        outcomes[key] = outcome
        if outcome.changed:
            _maker_update(session, maker, wanted[key], outcome, source_values)
        elif source_values != maker.source_values:
            maker.source_values, maker.source_seen_at = source_values, session.seen_at
            said.append(maker)
        else:
            seen.append(maker.pk)
    Maker.objects.bulk_update(said, ["source_values", "source_seen_at"])
    Maker.objects.filter(pk__in=seen).update(source_seen_at=session.seen_at)
    # What the source says now of fields edited here since becomes the operators' to decide.
    source_proposals_follow(session, existing, wanted, outcomes)
    vanished_clear(existing.values())
    return outcomes


def _maker_update(
    session: ImportSession,
    maker: Maker,
    values: Mapping[str, Any],
    outcome: ImportOutcome,
    source_values: dict[str, Any],
) -> None:
    """Write the `outcome.changed` fields of `maker` (checked already: `import_values_clean`)."""
    plain = [name for name in outcome.changed if name not in ("primary_category", HOURS_FIELD)]
    before = audit_snapshot(maker, plain)
    for name in plain:
        setattr(maker, name, values[name])
    maker.source_values, maker.source_seen_at = source_values, session.seen_at
    # Someone editing the page meanwhile gets a conflict instead of overwriting the import.
    maker.version += 1
    maker.save(update_fields=[*plain, "source_values", "source_seen_at", "version", "updated_at"])
    audit_record(
        actor=session.actor,
        action="maker.update",
        target=maker,
        changes=audit_changes(before, audit_snapshot(maker, plain)),
        reason=session.reason,
        by_operator=False,
    )
    if "primary_category" in outcome.changed:
        _primary, other_ids = maker_direct_category_ids(maker)
        maker_categories_set(
            maker=maker,
            primary=values["primary_category"],
            others=Category.objects.filter(pk__in=other_ids),
            actor=session.actor,
            by_operator=False,
        )
    if set(plain) & set(ADDRESS_FIELDS):
        maker_territories_refresh(maker=maker)
    if HOURS_FIELD in outcome.changed:
        _hours_write(maker, values[HOURS_FIELD])
    search_index_maker(maker_id=maker.pk)  # once, when the batch ends (search_index_once)


def _hours_write(maker: Maker, hours: list) -> None:
    """Replace the opening hours of `maker` (saved, at its current version) with what its
    source says, through the hours service: one more version, and the history says it."""
    maker_hours_set(maker=maker, version=maker.version, periods=hours_periods(hours))


def _slugs_for(names: list[str]) -> list[str]:
    """A free slug for each of `names`, as `listing.maker_slug_unique` gives one at a time:
    no listing holds it, no old address redirects from it, no path of the maker space takes
    it, and no two of `names` get the same. Two queries for the batch, and two more for the
    names whose plain slug is taken (index ranges, not a LIKE scan)."""
    bases = [slug_base(name) for name in names]
    unique = set(bases)
    taken = set(Maker.objects.filter(slug__in=unique).order_by().values_list("slug", flat=True))
    redirects = SlugRedirect.objects.filter(old_slug__in=unique).order_by()
    taken |= set(redirects.values_list("old_slug", flat=True))
    taken |= unique & SPACE_RESERVED_SLUGS
    repeated = {base for base, count in Counter(bases).items() if count > 1}
    families = sorted((unique & taken) | repeated)
    for start in range(0, len(families), 200):
        # Every slug "base-…": "-" sorts just before ".", so each family is one index range.
        ranges = [(f"{base}-", f"{base}.") for base in families[start : start + 200]]
        makers = Q()
        redirected = Q()
        for low, high in ranges:
            makers |= Q(slug__gte=low, slug__lt=high)
            redirected |= Q(old_slug__gte=low, old_slug__lt=high)
        taken |= set(Maker.objects.filter(makers).order_by().values_list("slug", flat=True))
        taken |= set(
            SlugRedirect.objects.filter(redirected).order_by().values_list("old_slug", flat=True)
        )
    slugs = []
    for base in bases:
        slug, counter = base, 2
        while slug in taken:
            slug = f"{base}-{counter}"
            counter += 1
        taken.add(slug)
        slugs.append(slug)
    return slugs
