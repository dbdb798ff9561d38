"""Restores: an archive (or its encrypted off-site copy) put back into the site's database
and media folder, by `manage.py restore`.

Everything about the archive is checked before anything is replaced: its manifest, that it
suits this site (vendor, migrations), the database copy's checksum and integrity; the database
is then replaced in one transaction, and its row counts compared with the manifest's.
"""

import datetime
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.core.backups import postgres, sqlite
from localiste.core.backups.archive import archive_unpack, manifest_read
from localiste.core.backups.database import (
    database_contents,
    database_data,
    database_table_count,
    database_vendor,
)
from localiste.core.backups.errors import BackupError
from localiste.core.backups.offsite import offsite_decrypt, offsite_is_encrypted, offsite_keys
from localiste.core.backups.steps import (
    caches_forget,
    derived_rebuild,
    migrations_apply,
    migrations_known,
)
from localiste.core.backups.version import localiste_version


@dataclass
class RestoreDone:
    archive: Path
    manifest: dict
    replaced: dict[str, int]
    media_files: int
    migrations: list[str]
    rebuilt: list[str]
    seconds: float

    def lines(self) -> list[str]:
        """What the restore did, for the operator."""
        counts = self.manifest["counts"]
        lines = [
            _("Restored %(archive)s, made on %(created)s by Localiste %(version)s.")
            % {
                "archive": self.archive.name,
                "created": _when(self.manifest["created_at"]),
                "version": self.manifest["version"],
            },
            _("Database: %(rows)s rows in all (makers: %(makers)s), as counted at the backup.")
            % {"makers": counts.get("makers.maker", 0), "rows": sum(counts.values())},
        ]
        if self.manifest["vendor"] == "sqlite":
            lines.append(_("The restored database passed SQLite's integrity check."))
        if self.replaced:
            lines.append(
                _("Replaced what the database held: %(tables)s.") % {"tables": _rows(self.replaced)}
            )
        lines.append(
            ngettext("Media: %(count)d file restored.", "Media: %(count)d files restored.",
                     self.media_files) % {"count": self.media_files}
        )  # fmt: skip
        if self.migrations:
            lines.append(
                _("Migrations applied: %(names)s.") % {"names": ", ".join(self.migrations)}
            )
        lines += self.rebuilt
        lines.append(_("Cache emptied. Done in %(seconds).1f s.") % {"seconds": self.seconds})
        return lines


def _when(created_at: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(created_at)
    except ValueError:
        return created_at
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


def _rows(counts: dict[str, int], most: int = 8) -> str:
    shown = [f"{label} ({rows})" for label, rows in sorted(counts.items())[:most]]
    return ", ".join(shown) + (" …" if len(counts) > most else "")


def _archive_checked(archive: Path, *, vendor: str, staging: Path) -> tuple[Path, dict]:
    """The plain archive (decrypted into `staging` if need be) and its manifest, once they
    are known to suit this site."""
    if not archive.is_file():
        raise BackupError(_("%(file)s: no such file.") % {"file": archive})
    plain = archive
    if offsite_is_encrypted(archive):
        plain = staging / "archive.tar.gz"
        offsite_decrypt(source=archive, destination=plain, keys=offsite_keys())
    manifest = manifest_read(plain)
    if manifest["vendor"] != vendor:
        raise BackupError(
            _("This archive holds a %(archived)s database and this site uses %(vendor)s.")
            % {"archived": manifest["vendor"], "vendor": vendor}
        )
    unknown = sorted(set(manifest.get("migrations", ())) - migrations_known())
    if unknown:
        raise BackupError(
            _("This archive comes from a newer Localiste (%(version)s; this is %(current)s): "
              "its database has migrations this code lacks (%(names)s). Upgrade first.")
            % {"version": manifest["version"], "current": localiste_version(),
               "names": ", ".join(unknown[:5])}
        )  # fmt: skip
    return plain, manifest


def _media_move(source: Path, destination: Path) -> int:
    moved = 0
    for path in sorted(source.rglob("*")) if source.is_dir() else ():
        if path.is_file():
            target = destination / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
            moved += 1
    return moved


def backup_restore(*, archive: Path, force: bool = False, using: str = "default") -> RestoreDone:
    """Replace the database and add the media files of `archive` (plain or encrypted), then
    migrate and rebuild what derives from them; what was done.

    Refused (BackupError, nothing changed) when the database holds data and `force` is not
    given, or when the archive is damaged, foreign, or from a newer version.
    """
    started = time.monotonic()
    vendor = database_vendor(using)
    replaced = database_data(using)
    if replaced and not force:
        raise BackupError(
            _("The database already holds data (%(tables)s). Restoring would replace it: run "
              "again with --force if that is what you want.") % {"tables": _rows(replaced)}
        )  # fmt: skip
    try:
        return _restore(archive, vendor=vendor, replaced=replaced, using=using, started=started)
    except OSError as error:
        message = _("The restore stopped: %(error)s") % {"error": error}
        raise BackupError(message) from error


def _restore(
    archive: Path, *, vendor: str, replaced: dict, using: str, started: float
) -> RestoreDone:
    directory = Path(settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".restore-") as work:
        staging = Path(work)
        plain, manifest = _archive_checked(archive, vendor=vendor, staging=staging)
        unpacked = archive_unpack(path=plain, manifest=manifest, staging=staging / "unpacked")
        if vendor == "sqlite":
            sqlite.sqlite_file_check(unpacked.database)
            sqlite.sqlite_restore(source=unpacked.database, using=using)
        else:
            postgres.postgres_file_check(unpacked.database)
            replace = database_table_count(using) > 0
            postgres.postgres_restore(source=unpacked.database, replace=replace, using=using)
        restored = database_contents(using)
        differ = sorted(
            label for label, rows in manifest["counts"].items() if restored.get(label) != rows
        )
        if differ:
            raise BackupError(
                _("The database was replaced, but its rows differ from the archive's counts "
                  "(%(tables)s): restore it again.") % {"tables": ", ".join(differ[:5])}
            )  # fmt: skip
        media_files = _media_move(unpacked.media_root, Path(settings.MEDIA_ROOT))
    caches_forget()
    migrations = migrations_apply(using)
    rebuilt = derived_rebuild()
    return RestoreDone(
        archive=archive,
        manifest=manifest,
        replaced=replaced,
        media_files=media_files,
        migrations=migrations,
        rebuilt=rebuilt,
        seconds=time.monotonic() - started,
    )
