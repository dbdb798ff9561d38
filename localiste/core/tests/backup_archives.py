"""Shared set-up of the in-process backup tests: settings pointing every backup folder into
the test's own, and archives rewritten into damaged or foreign ones."""

import io
import json
import tarfile
from pathlib import Path

from django.conf import settings


def backup_settings_apply(settings_fixture, tmp_path: Path) -> Path:
    """Backups in `tmp_path`/backups, no off-site copy, the shipped retention; that folder."""
    settings_fixture.BACKUP_DIR = tmp_path / "backups"
    settings_fixture.BACKUP_OFFSITE_DIR = ""
    settings_fixture.BACKUP_KEY = ""
    settings_fixture.BACKUP_KEEP = 14
    settings_fixture.BACKUP_RETENTION_DAYS = 30
    return settings_fixture.BACKUP_DIR


def media_write(name: str, content: bytes) -> Path:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def only_archive(directory: Path) -> Path:
    (archive,) = sorted(directory.glob("localiste-backup-*.tar.gz"))
    return archive


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def archive_rewrite(
    source: Path,
    destination: Path,
    *,
    manifest_changes: dict | None = None,
    database_bytes=None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A copy of the archive `source` with its manifest updated, its database replaced by
    `database_bytes(old)`, or `extra` members added."""
    with tarfile.open(source) as old, tarfile.open(destination, "w:gz") as new:
        for member in old.getmembers():
            content = old.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json" and manifest_changes:
                content = json.dumps({**json.loads(content), **manifest_changes}).encode()
            elif member.name.startswith("database.") and database_bytes:
                content = database_bytes(content)
            if content is not None:
                member.size = len(content)
                new.addfile(member, io.BytesIO(content))
            else:
                new.addfile(member)
        for name, content in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            new.addfile(info, io.BytesIO(content))
    return destination
