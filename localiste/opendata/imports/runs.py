"""Running an import: a file read into a source, for real or as a dry run, and its record.

`import_run_create` records the run (an ImportRun, queued); `import_run_execute` does it:
reads the file row by row, turns each row into listing values (`rows.RowPreparer`) or a
reason to leave it out, and hands them to the makers' services in batches of
settings.IMPORT_BATCH_ROWS: `makers_import_plan` for a dry run (nothing is written),
`makers_import_batch` for a real one (one short transaction per batch). Every
settings.IMPORT_PROGRESS_ROWS rows the record is brought up to date in a statement of its
own, so that a page can show the progress while the run goes on. A command and a background
task call the same two functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, reset_queries
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from localiste.makers.models import Source
from localiste.makers.services import (
    ImportAction,
    ImportOutcome,
    ImportSession,
    makers_import_batch,
    makers_import_finish,
    makers_import_plan,
    makers_import_seen,
    source_imported,
    source_mapping_save,
)
from localiste.makers.services.imports import makers_import_vanished
from localiste.opendata.imports.fields import mapping_resolve
from localiste.opendata.imports.files import ImportFile, RawRow, Scan
from localiste.opendata.imports.reasons import Skip
from localiste.opendata.imports.rows import PreparedRow, RowPreparer, field_label
from localiste.opendata.imports.seen import SeenKeys
from localiste.opendata.imports.writing_guards import collector_paused, database_unmapped
from localiste.opendata.models import ImportRun

DEFAULT_BATCH_ROWS = 100
# What a batch's transaction should last, and the smallest batch whatever it takes.
# DESIGN.md: no write lock held over 100 ms; the margin is for the odd slow commit (a
# busy machine makes one batch in a few hundred take two or three times as long).
BATCH_TARGET_SECONDS = 0.04
MIN_BATCH_ROWS = 5
FIRST_BATCH_ROWS = 20
DEFAULT_PROGRESS_ROWS = 1000
DEFAULT_ROWS_KEPT = 1000
# More than this share of the listings a run covers missing from its file: a partial file.
DEFAULT_VANISHED_MAX_SHARE = 0.5
ACTION_LABELS = {
    ImportAction.CREATED: pgettext_lazy("import outcome", "created"),
    ImportAction.UPDATED: pgettext_lazy("import outcome", "updated"),
    ImportAction.UNCHANGED: pgettext_lazy("import outcome", "unchanged"),
    ImportAction.SKIPPED: pgettext_lazy("import outcome", "skipped"),
}


@dataclass(frozen=True)
class RowResult:
    """What became of one row, for the operator: its outcome, and why it was skipped, or
    which fields were written and which kept (edited since the last import)."""

    number: int
    key: str
    action: ImportAction
    message: str = ""
    changed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()

    def __str__(self) -> str:
        outcome = str(ACTION_LABELS[self.action])
        if self.message:
            outcome = _("%(outcome)s, %(reason)s") % {"outcome": outcome, "reason": self.message}
        elif self.action == ImportAction.UPDATED:
            outcome = f"{outcome} ({', '.join(_labels(self.changed))})"
        if self.kept:
            outcome = _("%(outcome)s; kept, edited since the last import: %(fields)s") % {
                "outcome": outcome,
                "fields": ", ".join(_labels(self.kept)),
            }
        if not self.key:
            return _("Row %(row)d: %(outcome)s") % {"row": self.number, "outcome": outcome}
        return _("Row %(row)d (key %(key)s): %(outcome)s") % {
            "row": self.number,
            "key": self.key,
            "outcome": outcome,
        }


@dataclass(frozen=True)
class _Skipped:
    number: int
    key: str
    skip: Skip


def _still_listed(batch: list, outcomes: list[ImportOutcome]) -> list[str]:
    """The keys of the rows of `batch` skipped for their values: the source still lists them
    (their listings did not vanish). A key given twice says nothing more of its listing."""
    skipped = [
        row.key for row in batch if isinstance(row, _Skipped) and row.skip.reason != "duplicate_key"
    ]
    return skipped + [o.key for o in outcomes if o.action == ImportAction.SKIPPED]


def _labels(names) -> list[str]:
    return [field_label(name) for name in names]


def _setting(name: str, default: int) -> int:
    return max(1, int(getattr(settings, name, default)))


def import_run_create(
    *,
    source: Source,
    file: ImportFile,
    dry_run: bool,
    mapping: Mapping[str, str],
    started_by: AbstractBaseUser | None = None,
    language: str = "",
    options: Mapping[str, object] | None = None,
) -> ImportRun:
    """The record of an import of `file` into `source` with `mapping` (and its format's
    `options`, see `formats`), queued."""
    return ImportRun.objects.create(
        source=source if source.pk else None,
        file_name=file.path.name[:255],
        file_format=file.file_format,
        dry_run=dry_run,
        mapping=dict(mapping),
        options=dict(options or {}),
        started_by=started_by,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )


def import_run_execute(
    *,
    run: ImportRun,
    file: ImportFile,
    scan: Scan | None = None,
    source: Source | None = None,
    preparer: RowPreparer | None = None,
    on_row: Callable[[RowResult], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportRun:
    """Do the import `run` records, from `file` (scanned already when `scan` is given).

    `source` is the run's, or for a dry run the unsaved one it plans with. `preparer` turns
    rows into listing values (by default a `RowPreparer` with the run's column mapping; a
    register's import brings its own, with the same `key` and `prepare`). `on_row` hears
    of each row's outcome, `on_progress` of each batch's rows. A file found
    bad on the way (ImportFileError) or any other error leaves the run failed, its message
    recorded, and is raised again; batches written before it stay written.
    """
    with translation.override(run.language):
        if run.source is None and not (run.dry_run and source is not None):
            raise ValueError("only a dry run may plan for a source not saved yet")
        runner = _Runner(
            run, source or run.source, preparer=preparer, on_row=on_row, on_progress=on_progress
        )
        try:
            runner.start()
            scan = scan or file.scan()
            with database_unmapped():
                runner.go(file, scan)
        except BaseException as error:
            runner.fail(error)
            raise
        finally:
            runner.seen.close()
    return run


class _Runner:
    def __init__(self, run: ImportRun, source: Source, *, preparer, on_row, on_progress):
        self.run = run
        self.source = source
        self.preparer: RowPreparer | None = preparer
        self.on_row = on_row
        self.on_progress = on_progress
        self.seen = SeenKeys()
        self.counts: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.skipped: list[dict] = []
        self.kept: list[dict] = []
        self.rows_kept = _setting("IMPORT_ROWS_KEPT", DEFAULT_ROWS_KEPT)
        self.max_batch_rows = _setting("IMPORT_BATCH_ROWS", DEFAULT_BATCH_ROWS)
        # On SQLite the first batch is small: it warms what the next ones find looked up
        # already, and the next ones are sized by how long it held the write lock.
        first = FIRST_BATCH_ROWS if connection.vendor == "sqlite" else self.max_batch_rows
        self.batch_rows = min(self.max_batch_rows, first)
        self.progress_rows = _setting("IMPORT_PROGRESS_ROWS", DEFAULT_PROGRESS_ROWS)

    def start(self) -> None:
        run = self.run
        run.status, run.started_at = ImportRun.Status.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])

    def go(self, file: ImportFile, scan: Scan) -> None:
        run = self.run
        if not self.source.pk and not run.dry_run:
            raise ValueError("a real run needs a saved source")
        if self.preparer is None:
            run.mapping = mapping_resolve(columns=scan.columns, saved=run.mapping, given={})
            self.preparer = RowPreparer(run.mapping)
        run.rows_total = scan.rows_total
        run.save(update_fields=["mapping", "rows_total"])
        preparer = self.preparer
        # A file is its source whole: the listings it does not give vanished from it. A
        # preparer that reads part of a source (a register filtered by département) says
        # which listings it covers (`covers`: a filter over Maker, or None for no telling);
        # a run told its file is partial (the option "partial") covers none.
        covers = None if run.options.get("partial") else getattr(preparer, "covers", Q())
        self.session = ImportSession(
            source=self.source,
            seen_at=run.started_at,
            actor=run.started_by,
            bulk=True,
            covers=covers,
        )
        # The rows read since the last batch was written, skipped ones too: outcomes are told
        # in the file's order.
        batch: list[PreparedRow | _Skipped] = []
        prepared = saved_at = 0
        for row in file.rows():
            batch.append(self._prepare(preparer, row))
            prepared += isinstance(batch[-1], PreparedRow)
            if prepared >= self.batch_rows:
                self._flush(batch)
                batch, prepared = [], 0
                if run.rows_done - saved_at >= self.progress_rows:
                    self._save()
                    saved_at = run.rows_done
        self._flush(batch)
        if not run.dry_run:
            makers_import_finish(session=self.session)
            if run.mapping:
                source_mapping_save(source=self.source, mapping=run.mapping)
            source_imported(source=self.source, at=run.started_at)
            self._vanished()
        run.status, run.finished_at = ImportRun.Status.DONE, timezone.now()
        self._save("status", "finished_at", "vanished_count", "options")

    def _vanished(self) -> None:
        """Read to its end: the listings it covers and did not give are no longer there,
        unless they are too many (a partial file, recorded as the option "vanished_held")
        and the run was not told its file is complete (the option "complete")."""
        run = self.run
        share = None
        if not run.options.get("complete"):
            share = float(
                getattr(settings, "IMPORT_VANISHED_MAX_SHARE", DEFAULT_VANISHED_MAX_SHARE)
            )
        vanished = makers_import_vanished(session=self.session, max_share=share)
        if vanished.flagged:
            run.vanished_count = vanished.missing
        else:
            held = {"count": vanished.missing, "covered": vanished.covered}
            run.options = {**run.options, "vanished_held": held}

    def _prepare(self, preparer: RowPreparer, row: RawRow) -> PreparedRow | _Skipped:
        key = ""
        try:
            key = preparer.key(row)
            first = self.seen.first_row(key, row.number)
            if first is not None:
                raise Skip("duplicate_key", key=key, row=first)
            return preparer.prepare(row, key)
        except Skip as skip:
            return _Skipped(row.number, key, skip)

    def _flush(self, batch: list[PreparedRow | _Skipped]) -> None:
        if not batch:
            return
        rows = [row for row in batch if isinstance(row, PreparedRow)]
        pairs = [(row.key, row.values) for row in rows]
        if not pairs:
            outcomes = []
        elif self.run.dry_run:
            outcomes = makers_import_plan(session=self.session, rows=pairs)
        else:
            with collector_paused():
                outcomes = makers_import_batch(session=self.session, rows=pairs)
            self._batch_size_adapt(len(pairs), self.session.write_seconds)
        if not self.run.dry_run:
            makers_import_seen(session=self.session, keys=_still_listed(batch, outcomes))
        by_number = dict(zip((row.number for row in rows), outcomes, strict=True))
        for row in batch:
            if isinstance(row, _Skipped):
                self._skipped(row.number, row.key, row.skip)
                continue
            outcome = by_number[row.number]
            if outcome.action == ImportAction.SKIPPED:
                field, messages = next(iter(outcome.errors.items()))
                error = Skip("invalid_value", field=field_label(field), error=messages[0])
                self._skipped(row.number, row.key, error)
            else:
                self._done(row, outcome)
        self._advance(len(batch))
        # With DEBUG on (a developer's machine), Django keeps the SQL of the last 9,000
        # queries: bulk INSERTs make that hundreds of megabytes.
        reset_queries()

    def _batch_size_adapt(self, rows: int, seconds: float) -> None:
        """Size the next batches so that each one's transaction (the write lock, on SQLite)
        lasts about BATCH_TARGET_SECONDS: a slow disk, a busy machine or wordy rows make them
        smaller, never over the setting."""
        if connection.vendor != "sqlite":
            return  # PostgreSQL locks rows, not the database: batches keep the setting's size
        if rows < self.batch_rows or seconds <= 0:
            return  # the last, short batch says nothing of the next ones
        fitting = rows * BATCH_TARGET_SECONDS / seconds
        wanted = round((self.batch_rows + fitting) / 2)  # halfway: one slow batch is no trend
        self.batch_rows = min(self.max_batch_rows, max(MIN_BATCH_ROWS, wanted))

    def _advance(self, rows: int) -> None:
        self.run.rows_done += rows
        if self.on_progress is not None:
            self.on_progress(rows)

    def _done(self, row: PreparedRow, outcome: ImportOutcome) -> None:
        self.counts[outcome.action] += 1
        if outcome.kept:
            self.counts["kept"] += 1
            if len(self.kept) < self.rows_kept:
                fields = sorted(outcome.kept)
                self.kept.append({"row": row.number, "key": row.key, "fields": fields})
        if self.on_row is not None:
            changed = outcome.changed if outcome.action == ImportAction.UPDATED else ()
            self.on_row(
                RowResult(row.number, row.key, outcome.action, "", changed, tuple(outcome.kept))
            )

    def _skipped(self, number: int, key: str, skip: Skip) -> None:
        self.counts[ImportAction.SKIPPED] += 1
        self.reasons[skip.group] += 1
        message = skip.message
        if len(self.skipped) < self.rows_kept:
            self.skipped.append(
                {
                    "row": number,
                    "key": key,
                    "reason": skip.reason,
                    "params": {name: str(value) for name, value in skip.params.items()},
                    "message": message,
                }
            )
        if self.on_row is not None:
            self.on_row(RowResult(number, key, ImportAction.SKIPPED, message))

    def _save(self, *extra: str) -> None:
        """Bring the run's record up to date: one UPDATE, a transaction of its own."""
        run = self.run
        run.created_count = self.counts[ImportAction.CREATED]
        run.updated_count = self.counts[ImportAction.UPDATED]
        run.unchanged_count = self.counts[ImportAction.UNCHANGED]
        run.skipped_count = self.counts[ImportAction.SKIPPED]
        run.kept_count = self.counts["kept"]
        run.skipped_reasons = dict(self.reasons.most_common())
        run.skipped_rows, run.kept_rows = self.skipped, self.kept
        fields = [
            "rows_done", "created_count", "updated_count", "unchanged_count", "skipped_count",
            "kept_count", "skipped_reasons", "skipped_rows", "kept_rows", *extra,
        ]  # fmt: skip
        ImportRun.objects.filter(pk=run.pk).update(**{name: getattr(run, name) for name in fields})

    def fail(self, error: BaseException) -> None:
        run = self.run
        run.status, run.finished_at = ImportRun.Status.FAILED, timezone.now()
        run.error = str(error) or error.__class__.__name__
        self._save("status", "finished_at", "error")
