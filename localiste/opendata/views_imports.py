"""The staff import page, at /moderation/imports/: sources and recent runs, a new import
(the file and its source, then its columns), and each run's page, which follows the
background task and refreshes itself while it runs (a meta refresh: no JavaScript needed).

The views are thin: the access functions of `imports.access` load what a page shows, the
functions of `imports.service` (the ones `manage.py import_*` share) do the work.
"""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from localiste.core.params import int_param
from localiste.opendata.forms_imports import (
    MappingForm,
    UploadForm,
    UploadLimitHandler,
    too_large_message,
)
from localiste.opendata.imports.access import (
    import_access_check,
    import_run_get_for_operator,
    import_runs_recent,
    import_sources_for_operator,
    source_get_for_operator,
)
from localiste.opendata.imports.files import ImportFileError
from localiste.opendata.imports.formats import import_format_get
from localiste.opendata.imports.reasons import GROUPS, REASONS, reason_message
from localiste.opendata.imports.runs import ACTION_LABELS
from localiste.opendata.imports.service import (
    RunAlreadyConfirmed,
    import_outcomes_page,
    import_run_confirm,
    import_start,
    import_upload_check,
    import_upload_delete,
    import_upload_store,
    mapping_given,
    mapping_suggest,
    max_bytes,
)
from localiste.opendata.models import ImportRun

PENDING_KEY = "opendata.import_uploads"
# What a request may carry besides the file (the form's other fields, the multipart frame).
FORM_BYTES = 64 * 1024
REFRESH_SECONDS = 3


def operator_view(view):
    """An import page: logged in (else the login page), a site operator (else 403)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        import_access_check(user=request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@operator_view
@require_safe
def index(request):
    """The sources of imported listings and the latest runs."""
    return render(
        request,
        "opendata/imports/index.html",
        {
            "sources": import_sources_for_operator(user=request.user),
            "runs": import_runs_recent(user=request.user),
        },
    )


@csrf_exempt  # checked below, once the upload's size is known to be acceptable
@operator_view
@require_http_methods(["GET", "HEAD", "POST"])
def new(request):
    """A new import: the file, its format, and the source it feeds."""
    limiter = None
    if request.method == "POST":
        # Refuse a file over the limit before reading it: the request says how long it is.
        length = int_param(request.META.get("CONTENT_LENGTH")) or 0
        if length > max_bytes() + FORM_BYTES:
            context = {"form": UploadForm(), "refused": too_large_message()}
            return render(request, "opendata/imports/new.html", context, status=413)
        limiter = UploadLimitHandler(request)
        request.upload_handlers.insert(0, limiter)
    return csrf_protect(_new)(request, limiter)


def _new(request, limiter):
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    if limiter is not None and limiter.too_large:  # known once the body is read
        context = {"form": UploadForm(), "refused": too_large_message()}
        return render(request, "opendata/imports/new.html", context, status=413)
    form = UploadForm(data, files)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            upload = ""
            try:
                upload = import_upload_store(name=uploaded.name, chunks=uploaded.chunks())
                checked = import_upload_check(
                    upload=upload,
                    file_format=form.cleaned_data["file_format"],
                    encoding=form.cleaned_data["encoding"],
                    options=form.cleaned_data["options"],
                )
            except BaseException as error:
                import_upload_delete(upload)  # a bad file, or a bug, leaves nothing behind
                if not isinstance(error, ImportFileError):
                    raise
                form.add_error("file", str(error))
            else:
                source = form.cleaned_data["source"]
                token = upload.split("/")[0]
                _pending_save(
                    request,
                    token,
                    {
                        **_checked_state(checked),
                        "source_id": source.pk if source else None,
                        "new_source": {} if source else form.new_source(),
                    },
                )
                return redirect("imports:columns", token=token)
    return render(request, "opendata/imports/new.html", {"form": form}, status=status)


@operator_view
@require_http_methods(["GET", "HEAD", "POST"])
def columns(request, token):
    """The file as it was read, and which column gives each field (a format that names its
    own columns skips this): then a dry run, or the import for real."""
    pending = request.session.get(PENDING_KEY, {}).get(token)
    if pending is None:
        raise Http404("No such upload")
    source = (
        source_get_for_operator(user=request.user, source_id=pending["source_id"])
        if pending["source_id"]
        else None
    )
    import_format = import_format_get(pending["file_format"])
    with_encoding = import_format.takes_encoding
    options = pending.get("options", {})
    form_kwargs = {
        "columns": pending["columns"],
        "suggested": mapping_suggest(
            columns=pending["columns"], saved=source.mapping if source else {}
        )
        if import_format.takes_mapping
        else {},
        "with_encoding": with_encoding,
        "with_mapping": import_format.takes_mapping,
        "initial": {"encoding": pending["encoding"] if pending["encoding_given"] else ""},
    }
    form = MappingForm(request.POST or None, **form_kwargs)
    status = 200
    if request.method == "POST":
        status = 400
        action = request.POST.get("action", "")
        if action == "reread" and with_encoding and form.is_valid():
            try:
                checked = import_upload_check(
                    upload=pending["upload"],
                    file_format=pending["file_format"],
                    encoding=form.cleaned_data.get("encoding", ""),
                    options=options,
                )
            except ImportFileError as error:
                form.add_error("encoding", str(error))
            else:
                _pending_save(request, token, {**pending, **_checked_state(checked)})
                messages.success(request, _("The file was read again."))
                return redirect("imports:columns", token=token)
        elif action in ("dry_run", "import") and form.is_valid():
            try:
                mapping = mapping_given(
                    columns=pending["columns"],
                    chosen=form.chosen(),
                    file_format=pending["file_format"],
                )
                run = import_start(
                    upload=pending["upload"],
                    file_format=pending["file_format"],
                    encoding=pending["encoding"],
                    mapping=mapping,
                    dry_run=action == "dry_run",
                    source=source,
                    new_source=pending["new_source"],
                    started_by=request.user,
                    language=translation.get_language(),
                    options=options,
                )
            except ImportFileError as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                _pending_drop(request, token)
                return redirect("imports:run", pk=run.pk)
    context = {
        "form": form,
        "pending": pending,
        "source": source,
        "new_source": pending["new_source"],
        "token": token,
        "format_label": import_format.label,
        "options": options,
    }
    return render(request, "opendata/imports/columns.html", context, status=status)


@operator_view
@require_safe
def run(request, pk):
    """A run: its progress while it runs (the page refreshes itself), then its counts, its
    skipped rows and, for a dry run, every row's outcome."""
    import_run = import_run_get_for_operator(user=request.user, run_id=pk)
    outcomes = None
    if import_run.is_finished:
        outcomes = import_outcomes_page(
            run=import_run, page=int_param(request.GET.get("page")) or 1
        )
    context = {
        "run": import_run,
        "refresh_seconds": None if import_run.is_finished else REFRESH_SECONDS,
        "percent": _percent(import_run),
        "counts": _counts(import_run),
        "reasons": [
            (str(GROUPS.get(group, group)), count)
            for group, count in import_run.skipped_reasons.items()
        ],
        "skipped": [_skipped_row(row) for row in import_run.skipped_rows],
        "outcomes": outcomes,
        "warnings": _warnings(import_run),
        # Once: a dry run imported for real links to that import instead.
        "can_confirm": import_run.dry_run
        and import_run.status == ImportRun.Status.DONE
        and import_run.confirmed_run_id is None
        and bool(import_run.upload),
    }
    return render(request, "opendata/imports/run.html", context)


@operator_view
@require_POST
def confirm(request, pk):
    """Import for real what the dry run `pk` showed."""
    dry_run = import_run_get_for_operator(user=request.user, run_id=pk)
    try:
        real = import_run_confirm(run=dry_run, started_by=request.user)
    except RunAlreadyConfirmed as already:
        messages.info(
            request, _("This dry run was imported for real already: here is that import.")
        )
        return redirect("imports:run", pk=already.real_run.pk)
    except ImportFileError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The import has started."))
        return redirect("imports:run", pk=real.pk)
    return redirect("imports:run", pk=dry_run.pk)


# --- what the pages share ------------------------------------------------------------------
def _checked_state(checked) -> dict:
    return {
        "upload": checked.upload,
        "file_name": checked.file_name,
        "file_format": checked.file_format,
        "encoding": checked.encoding,
        "encoding_given": checked.encoding_given,
        "encoding_unsure": checked.encoding_unsure,
        "description": checked.description,
        "rows_total": checked.rows_total,
        "columns": list(checked.columns),
        "options": checked.options,
    }


def _pending_save(request, token: str, state: dict) -> None:
    request.session[PENDING_KEY] = {**request.session.get(PENDING_KEY, {}), token: state}


def _pending_drop(request, token: str) -> None:
    pending = dict(request.session.get(PENDING_KEY, {}))
    pending.pop(token, None)
    request.session[PENDING_KEY] = pending


def _percent(run: ImportRun) -> int:
    if not run.rows_total:
        return 100 if run.is_finished else 0
    return min(100, round(100 * run.rows_done / run.rows_total))


def _counts(run: ImportRun) -> list[tuple[str, int]]:
    return [
        (str(ACTION_LABELS[action]), getattr(run, f"{action}_count")) for action in ACTION_LABELS
    ]


def _warnings(run: ImportRun) -> dict | None:
    """The rows `run` imported with a doubt: what its format says of them, the first ones."""
    if not run.warning_count:
        return None
    return {
        "notes": import_format_get(run.file_format).warning_notes(run.warning_count),
        "rows": [str(line) for line in run.warning_rows],
    }


def _skipped_row(row: dict) -> dict:
    """A skipped row of the run's record, its reason said in the page's language."""
    message = row.get("message", "")
    reason = row.get("reason", "")
    if reason in REASONS:
        params = {
            name: int(value) if str(value).isdigit() else value
            for name, value in (row.get("params") or {}).items()
        }
        # Else the message as it was said when the run was made.
        with contextlib.suppress(KeyError, TypeError, ValueError):
            message = reason_message(reason, params)
    return {"row": row.get("row"), "key": row.get("key", ""), "message": message}
