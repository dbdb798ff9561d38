"""Backups: what `manage.py backup`, `upgrade` and the daily job call.

A backup is the database as one consistent snapshot taken while the site serves, then the
media files, in one archive with its manifest (docs/deployment.md); `restore.py` puts one back.
"""

import datetime
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.core.backups import postgres, sqlite
from localiste.core.backups.archive import (
    FORMAT,
    archive_path,
    archive_write,
    file_sha256,
    media_list,
)
from localiste.core.backups.database import database_vendor
from localiste.core.backups.errors import BackupError
from localiste.core.backups.offsite import offsite_copy, offsite_keys
from localiste.core.backups.retention import backups_prune, leftovers_prune
from localiste.core.backups.version import localiste_version

DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}"


@dataclass
class BackupDone:
    archive: Path
    manifest: dict
    seconds: float
    offsite: Path | None = None
    pruned: list[Path] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What the backup did, for the operator."""
        media = self.manifest["media"]
        lines = [
            _("Backup written: %(archive)s (%(size)s MB, %(seconds).1f s).")
            % {
                "archive": self.archive,
                "size": _megabytes(self.archive.stat().st_size),
                "seconds": self.seconds,
            },
            (
                _("Database (SQLite): %(rows)s rows in all (makers: %(makers)s); the copy "
                  "passed the integrity check.")
                if self.manifest["vendor"] == "sqlite"
                else _("Database (PostgreSQL, pg_dump): %(rows)s rows in all (makers: %(makers)s).")
            )
            % {
                "makers": self.manifest["counts"].get("makers.maker", 0),
                "rows": sum(self.manifest["counts"].values()),
            },
            ngettext("Media: %(count)d file, %(size)s MB.", "Media: %(count)d files, %(size)s MB.",
                     media["files"])
            % {"count": media["files"], "size": _megabytes(media["bytes"])},
        ]  # fmt: skip
        if self.vanished:
            lines.append(
                _("Deleted while the backup ran, so not in it: %(names)s")
                % {"names": ", ".join(self.vanished[:10]) + (" …" if self.vanished[10:] else "")}
            )
        if self.offsite:
            lines.append(_("Encrypted off-site copy: %(path)s") % {"path": self.offsite})
        lines.append(
            ngettext("%(count)d old archive deleted.", "%(count)d old archives deleted.",
                     len(self.pruned)) % {"count": len(self.pruned)}
        )  # fmt: skip
        return lines


def _prune(directory: Path, *, now: datetime.datetime, protect: Path) -> list[Path]:
    leftovers_prune(directory=directory, now=now)
    return backups_prune(
        directory=directory,
        now=now,
        retention_days=settings.BACKUP_RETENTION_DAYS,
        keep=settings.BACKUP_KEEP,
        protect=(protect,),
    )


def backup_create(*, using: str = "default", now: datetime.datetime | None = None) -> BackupDone:
    """Write a new archive into BACKUP_DIR, prune the old ones, copy it off-site (encrypted)
    when BACKUP_OFFSITE_DIR is set; what was done. BackupError if it could not be done."""
    started, now = time.monotonic(), now or timezone.now()
    vendor = database_vendor(using)
    offsite_dir = Path(settings.BACKUP_OFFSITE_DIR) if settings.BACKUP_OFFSITE_DIR else None
    keys = offsite_keys() if offsite_dir else None  # a missing key fails before any work
    directory = Path(settings.BACKUP_DIR)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
            copy = Path(work) / DATABASE_FILES[vendor]
            snapshot = sqlite.sqlite_snapshot if vendor == "sqlite" else postgres.postgres_snapshot
            counts, migrations = snapshot(destination=copy, using=using)
            # After the database: a photo's files are written before its row, so every photo
            # of the snapshot has its files here, unless it was deleted in between.
            excluded = (directory, offsite_dir) if offsite_dir else (directory,)
            media = media_list(Path(settings.MEDIA_ROOT), exclude=excluded)
            manifest = {
                "format": FORMAT,
                "application": "localiste",
                "version": localiste_version(),
                "vendor": vendor,
                "created_at": now.isoformat(),
                "database": {
                    "file": DATABASE_FILES[vendor],
                    "sha256": file_sha256(copy),
                    "bytes": copy.stat().st_size,
                },
                "counts": counts,
                "migrations": migrations,
                "media": {"files": len(media), "bytes": sum(item.size for item in media)},
            }
            path = archive_path(directory, now)
            vanished = archive_write(path=path, manifest=manifest, database=copy, media=media)
    except OSError as error:
        message = _("The backup could not be written: %(error)s") % {"error": error}
        raise BackupError(message) from error
    done = BackupDone(archive=path, manifest=manifest, seconds=0.0, vanished=vanished)
    done.pruned = _prune(directory, now=now, protect=path)
    if keys:
        done.offsite = offsite_copy(path, directory=offsite_dir, keys=keys)
        done.pruned += _prune(offsite_dir, now=now, protect=done.offsite)
    done.seconds = time.monotonic() - started
    return done
