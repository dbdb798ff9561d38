"""Imports started from the staff page: the uploaded file checked, the run queued as a
background task and done by the worker, through the same formats (`formats`) and the same
run (`runs`) as `manage.py import_*`.

The flow of the page, on top of the importer's own (see the package's docstring):

    upload = import_upload_store(name=..., chunks=...)       # kept under IMPORT_UPLOAD_DIR
    checked = import_upload_check(upload=upload, file_format="csv")  # ImportFileError
    mapping = mapping_suggest(columns=checked.columns, saved=source.mapping)  # the form's
    run = import_start(upload=upload, ..., dry_run=True)      # queued; the worker runs
    import_run_perform(run_id=run.pk)                         # import_run_task does this
    run = import_run_confirm(run=run, started_by=user)        # the real run, after a dry one

A format without a column mapping (the SIRENE register, an OpenStreetMap export) skips the
mapping: `mapping_given` gives its own. Its options (a SIRENE import's départements and
communes) go with the upload and are recorded on the run, which the worker reads them from.
The uploaded files are kept by `uploads`, each row's outcome by `outcomes`.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.makers.models import Source
from localiste.makers.services import source_build, source_create
from localiste.opendata.imports.fields import REQUIRED, mapping_resolve
from localiste.opendata.imports.files import ImportFileError, max_bytes
from localiste.opendata.imports.formats import import_format_choices, import_format_get
from localiste.opendata.imports.outcomes import (
    OutcomeReport,
    import_outcomes_page,
    outcomes_path,
)
from localiste.opendata.imports.runs import import_run_create
from localiste.opendata.imports.uploads import (
    import_upload_delete,
    import_upload_file_delete,
    import_upload_path,
    import_upload_root,
    import_upload_store,
    import_uploads_prune,
)
from localiste.opendata.models import ImportRun

_PLACEHOLDER = "\x00"  # a column no file has: stands for a required field nobody guessed


# --- checking an upload, and its mapping ---------------------------------------------------
def import_formats() -> list[tuple[str, str]]:
    """The formats an upload may be read as, (value, label)."""
    return import_format_choices()


@dataclass(frozen=True)
class UploadChecked:
    """An uploaded file read whole: how (encoding, separator), its rows and columns."""

    upload: str
    file_name: str
    file_format: str
    encoding: str  # the one it was read with: given, or detected
    encoding_given: bool
    description: str
    rows_total: int
    columns: tuple[str, ...]
    options: dict = field(default_factory=dict)  # the format's, besides the encoding

    @property
    def encoding_unsure(self) -> bool:
        """Detected, and not surely: a file that is not UTF-8 may be Windows-1252, Latin-1
        or another one; the operator is asked."""
        return not self.encoding_given and self.encoding in ("cp1252", "latin-1")


def import_upload_check(
    *, upload: str, file_format: str, encoding: str = "", options: Mapping | None = None
) -> UploadChecked:
    """`upload` read whole as `file_format` with its `options` (CSV: with `encoding`, else
    the detected one), before anything is written; or ImportFileError saying why it cannot
    be imported."""
    path = import_upload_path(upload)
    options = dict(options or {})
    file = import_format_get(file_format).open(path, {**options, "encoding": encoding})
    scan = file.scan()
    return UploadChecked(
        upload=upload,
        file_name=path.name,
        file_format=file_format,
        encoding=getattr(file, "encoding", "") or "",
        encoding_given=bool(encoding),
        description=file.describe(),
        rows_total=scan.rows_total,
        columns=tuple(column for column in scan.columns if column),
        options=options,
    )


def mapping_suggest(*, columns: Sequence[str], saved: Mapping[str, str]) -> dict[str, str]:
    """The mapping to offer for a file with `columns`: the `saved` one where its columns
    are in the file, the other fields guessed (mapping_resolve); the required fields that
    nothing names are left out, for the operator to choose."""
    saved = {name: column for name, column in saved.items() if column in columns}
    extended = [*columns, _PLACEHOLDER]
    for size in range(len(REQUIRED) + 1):
        for unknown in itertools.combinations(REQUIRED, size):
            given = dict.fromkeys(unknown, _PLACEHOLDER)
            try:
                mapping = mapping_resolve(columns=extended, saved=saved, given=given)
            except ImportFileError:
                continue
            return {name: column for name, column in mapping.items() if column != _PLACEHOLDER}
    return {}


def mapping_given(
    *, columns: Sequence[str], chosen: Mapping[str, str], file_format: str = "csv"
) -> dict[str, str]:
    """The mapping the operator chose on the page (every field: a column, or "" for none),
    checked against the file; ImportFileError when a required field has no column. A
    format without a mapping gives its own (nothing is chosen)."""
    given = {name: chosen.get(name, "") for name in chosen}
    return import_format_get(file_format).mapping(columns=columns, saved={}, given=given)


# --- starting and running ------------------------------------------------------------------
@transaction.atomic
def import_start(
    *,
    upload: str,
    file_format: str,
    encoding: str,
    mapping: Mapping[str, str],
    dry_run: bool,
    source: Source | None,
    new_source: Mapping[str, object] | None = None,
    started_by: AbstractBaseUser | None = None,
    language: str = "",
    options: Mapping[str, object] | None = None,
) -> ImportRun:
    """Queue the import of `upload` into `source`, or into the source `new_source` describes
    (source_build's arguments: created now for a real run, only planned with for a dry
    run), read with its format's `options`; the run, which the task worker does.
    ImportFileError for a file gone or bad, ValidationError for a new source that cannot be
    created."""
    options = dict(options or {})
    file = import_format_get(file_format).open(
        import_upload_path(upload), {**options, "encoding": encoding}
    )
    new_source = dict(new_source or {})
    if source is None:
        source = (source_build if dry_run else source_create)(**new_source)
    run = import_run_create(
        source=source,
        file=file,
        dry_run=dry_run,
        mapping=mapping,
        started_by=started_by,
        language=language,
        options=options,
    )
    run.upload, run.encoding = upload, encoding
    run.new_source = new_source if source.pk is None else {}
    run.save(update_fields=["upload", "encoding", "new_source"])
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from localiste.opendata.tasks import import_run_task

    import_run_task.enqueue(run_id)


class RunAlreadyConfirmed(Exception):
    """The dry run was imported for real already: `real_run` is the run it started."""

    def __init__(self, real_run: ImportRun):
        super().__init__(f"dry run already imported for real, by run {real_run.pk}")
        self.real_run = real_run


@transaction.atomic
def import_run_confirm(*, run: ImportRun, started_by: AbstractBaseUser) -> ImportRun:
    """After the dry run `run`, queue the real import of the same file with the same
    mapping (and create its source if it was new); the new run, recorded on the dry run.
    RunAlreadyConfirmed when it was done once already (a button clicked twice),
    ImportFileError when the file is no longer kept, ValidationError for a source that
    cannot be created now."""
    # The dry run's row is locked (PostgreSQL; SQLite's transactions are IMMEDIATE, one
    # writer at a time): a second confirmation waits, then finds the real run recorded.
    locked = ImportRun.objects.select_for_update(of=("self",))
    run = locked.select_related("confirmed_run").get(pk=run.pk)
    if run.confirmed_run is not None:
        raise RunAlreadyConfirmed(run.confirmed_run)
    if not run.dry_run or run.status != ImportRun.Status.DONE:
        raise ImportFileError(_("Only a finished dry run can be imported for real."))
    source = run.source
    if source is None and Source.objects.filter(slug=run.new_source.get("slug")).exists():
        raise ImportFileError(
            _("A source “%(slug)s” was created since this dry run: start the import again.")
            % {"slug": run.new_source.get("slug")}
        )
    real = import_start(
        upload=run.upload,
        file_format=run.file_format,
        encoding=run.encoding,
        mapping=run.mapping,
        dry_run=False,
        source=source,
        new_source=run.new_source,
        started_by=started_by,
        language=translation.get_language() or run.language,
        options=run.options,
    )
    run.confirmed_run = real
    run.save(update_fields=["confirmed_run"])
    return real


def import_run_perform(*, run_id: int) -> ImportRun | None:
    """Do the queued run `run_id` (what the task worker runs); the run, with its outcome
    recorded (a bad file too); None if there is no such run. The run is taken with one
    conditional UPDATE: of two deliveries of the same message, the second finds it taken
    and leaves it alone."""
    now = timezone.now()
    taken = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, started_at=now, progress_at=now
    )
    if not taken:
        return ImportRun.objects.filter(pk=run_id).first()
    run = ImportRun.objects.select_related("source", "started_by").get(pk=run_id)
    source = run.source or Source(**run.new_source)
    import_format = import_format_get(run.file_format)
    options = {**run.options, "encoding": run.encoding}
    report = None
    try:
        with translation.override(run.language):
            try:
                file = import_format.open(import_upload_path(run.upload), options)
                preparer = import_format.preparer(file, options)
                if run.dry_run:
                    report = OutcomeReport(outcomes_path(run))
            except ImportFileError as error:
                run.status, run.error, run.finished_at = (
                    ImportRun.Status.FAILED,
                    str(error),
                    timezone.now(),
                )
                run.save(update_fields=["status", "error", "finished_at"])
                return run
        # A file found bad on the way is recorded on the run (failed, with why).
        with contextlib.suppress(ImportFileError):
            import_format.execute(
                options=options,
                # A dry run's table gives every row, those a format leaves out too.
                tell_left_out=run.dry_run,
                run=run,
                file=file,
                source=source,
                preparer=preparer,
                on_row=report.write if report is not None else None,
            )
    finally:
        if report is not None:
            report.close()
        if not run.dry_run:
            import_upload_file_delete(run.upload)
    return run


# --- upkeep: the hourly job ----------------------------------------------------------------
DEFAULT_STALE_MINUTES = 30


def import_runs_stale_fail(*, now: datetime.datetime | None = None) -> int:
    """Mark failed, saying why in the run's language, every queued or running run that
    saved no progress for settings.IMPORT_STALE_MINUTES (its task worker was stopped, or
    never took it); how many. Their pages stop refreshing."""
    now = now or timezone.now()
    minutes = int(getattr(settings, "IMPORT_STALE_MINUTES", DEFAULT_STALE_MINUTES))
    limit = now - datetime.timedelta(minutes=minutes)
    # Its last sign of life: the progress saved, else its start, else its queueing.
    silent = (
        Q(progress_at__lt=limit)
        | Q(progress_at__isnull=True, started_at__lt=limit)
        | Q(progress_at__isnull=True, started_at__isnull=True, created_at__lt=limit)
    )
    stale = ImportRun.objects.filter(
        silent, status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING]
    )
    failed = 0
    for language in sorted(set(stale.values_list("language", flat=True))):
        with translation.override(language):
            error = ngettext(
                "The import saved no progress for %(minutes)d minute: its task worker was "
                "stopped, or never took it. Start the import again.",
                "The import saved no progress for %(minutes)d minutes: its task worker was "
                "stopped, or never took it. Start the import again.",
                minutes,
            ) % {"minutes": minutes}
        # One UPDATE, on the same conditions: a run that moved on since is left alone.
        failed += stale.filter(language=language).update(
            status=ImportRun.Status.FAILED, error=error, finished_at=now
        )
    return failed


def imports_upkeep() -> dict[str, int]:
    """The hourly upkeep of the imports (`import_upkeep_task`): upload folders older than
    IMPORT_UPLOAD_KEEP_DAYS deleted, stopped runs marked failed; how many of each."""
    return {"uploads_pruned": import_uploads_prune(), "runs_failed": import_runs_stale_fail()}


__all__ = [
    "OutcomeReport",
    "RunAlreadyConfirmed",
    "UploadChecked",
    "import_formats",
    "import_outcomes_page",
    "import_run_confirm",
    "import_run_perform",
    "import_runs_stale_fail",
    "import_start",
    "import_upload_check",
    "import_upload_delete",
    "import_upload_path",
    "import_upload_root",
    "import_upload_store",
    "import_uploads_prune",
    "imports_upkeep",
    "mapping_given",
    "mapping_suggest",
    "max_bytes",
    "outcomes_path",
]
