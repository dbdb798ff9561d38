"""Files uploaded on the staff import page, kept for the task worker until their run is over.

Uploaded files are private: they are kept under settings.IMPORT_UPLOAD_DIR (var/imports by
default, never under MEDIA_ROOT, never served), one folder per upload, which the task worker
reads (on several machines it must be a shared folder). The file is deleted once a real run
of it is over, done or failed; a folder left behind (an upload never imported, a dry run not
followed) is deleted IMPORT_UPLOAD_KEEP_DAYS days after the upload, by the hourly upkeep
job (`service.imports_upkeep`) or at the next upload, whichever comes first.
"""

from __future__ import annotations

import contextlib
import datetime
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from localiste.opendata.imports.files import ImportFileError
from localiste.opendata.models import ImportRun

DEFAULT_KEEP_DAYS = 2


def import_upload_root() -> Path:
    """The private folder of uploaded files (settings.IMPORT_UPLOAD_DIR)."""
    default = Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var")) / "imports"
    return Path(getattr(settings, "IMPORT_UPLOAD_DIR", default))


def import_upload_path(upload: str) -> Path:
    """The file of `upload` ("<folder>/<name>"); ImportFileError if it is gone."""
    root = import_upload_root().resolve()
    path = (root / upload).resolve()
    if not upload or root not in path.parents or not path.is_file():
        raise ImportFileError(_("The uploaded file is no longer kept: upload it again."))
    return path


def import_upload_store(*, name: str, chunks: Iterable[bytes]) -> str:
    """Keep an uploaded file for the import; its reference ("<folder>/<name>"). Folders
    older than IMPORT_UPLOAD_KEEP_DAYS go first."""
    import_uploads_prune()
    try:
        file_name = get_valid_filename(Path(name).name)[:120] or "import"
    except SuspiciousFileOperation:  # a name such as ".." gives no file name
        file_name = "import"
    folder = import_upload_root() / secrets.token_urlsafe(12)
    folder.mkdir(parents=True, mode=0o700)
    try:
        with (folder / file_name).open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # a disk full, a request cut off
        raise
    return f"{folder.name}/{file_name}"


def import_upload_delete(upload: str) -> None:
    """Delete the folder of `upload`: the file and the outcomes of its dry runs."""
    if not upload:
        return
    folder = import_upload_root() / Path(upload).parts[0]
    if folder.parent.resolve() == import_upload_root().resolve():
        shutil.rmtree(folder, ignore_errors=True)


def import_upload_file_delete(upload: str) -> None:
    """Delete the uploaded file itself, keeping the outcomes of its dry runs for a while."""
    with contextlib.suppress(ImportFileError, OSError):
        import_upload_path(upload).unlink()


def import_uploads_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the upload folders older than IMPORT_UPLOAD_KEEP_DAYS days that no queued or
    running run reads; how many."""
    root = import_upload_root()
    if not root.is_dir():
        return 0
    days = getattr(settings, "IMPORT_UPLOAD_KEEP_DAYS", DEFAULT_KEEP_DAYS)
    oldest = (now or timezone.now()).timestamp() - days * 86400
    busy = {
        upload.split("/")[0]
        for upload in ImportRun.objects.filter(
            status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING]
        ).values_list("upload", flat=True)
    }
    pruned = 0
    for folder in root.iterdir():
        if folder.is_dir() and folder.name not in busy and folder.stat().st_mtime < oldest:
            shutil.rmtree(folder, ignore_errors=True)
            ImportRun.objects.filter(upload__startswith=f"{folder.name}/").update(upload="")
            pruned += 1
    return pruned
