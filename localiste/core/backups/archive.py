"""Archive files: one .tar.gz per backup, holding its manifest first, then the database copy,
then the media files under media/.

The manifest comes first so that a restore reads it (and refuses a wrong archive) without
unpacking the rest; it records the database copy's SHA-256, so that a damaged archive is
found out before anything is replaced.
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import re
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from localiste.core.backups.database import VENDORS
from localiste.core.backups.errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
STAMP = "%Y%m%dT%H%M%SZ"
NAME = re.compile(r"^localiste-backup-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz(?:\.enc)?$")
# Photos are compressed already and a database copy compresses well at any level: a low one
# keeps a daily backup of a large site in seconds rather than minutes.
COMPRESSLEVEL = 3
# What reading a damaged or foreign file raises, from gzip, tar or JSON (other OSErrors, a
# full disk say, are not the archive's fault and say so themselves).
UNREADABLE = (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error, ValueError)


def archive_path(directory: Path, created_at: datetime.datetime) -> Path:
    """A new archive's path in `directory`, named by its UTC time (a suffix if taken)."""
    stamp = created_at.astimezone(datetime.UTC).strftime(STAMP)
    path, number = directory / f"localiste-backup-{stamp}.tar.gz", 1
    while path.exists():
        number += 1
        path = directory / f"localiste-backup-{stamp}-{number}.tar.gz"
    return path


def archive_created_at(name: str) -> datetime.datetime | None:
    """When the archive (or off-site copy) called `name` was made; None for other files."""
    match = NAME.match(name)
    if not match:
        return None
    return datetime.datetime.strptime(match[1], STAMP).replace(tzinfo=datetime.UTC)


@dataclass(frozen=True)
class MediaFile:
    path: Path
    name: str  # relative to MEDIA_ROOT, with forward slashes
    size: int


def media_list(root: Path, *, exclude: tuple[Path, ...] = ()) -> list[MediaFile]:
    """The regular files under `root`, but none under `exclude` (backups kept in MEDIA_ROOT)."""
    if not root.is_dir():
        return []
    excluded = [path.resolve() for path in exclude]
    found = []
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = [
            name for name in sorted(subfolders) if (here / name).resolve() not in excluded
        ]
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                found.append(
                    MediaFile(path, path.relative_to(root).as_posix(), path.stat().st_size)
                )
    return found


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def archive_write(
    *, path: Path, manifest: dict, database: Path, media: list[MediaFile]
) -> list[str]:
    """Write the archive at `path` (whole, or not at all); the media files that vanished
    while it was written (deleted by the site meanwhile)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    vanished = []
    try:
        with tarfile.open(partial, "w:gz", compresslevel=COMPRESSLEVEL) as tar:
            content = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(content), int(datetime.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(content))
            tar.add(database, arcname=manifest["database"]["file"], recursive=False)
            for media_file in media:
                try:
                    tar.add(media_file.path, arcname=f"{MEDIA}/{media_file.name}")
                except FileNotFoundError:
                    vanished.append(media_file.name)
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return vanished


def _unreadable(path: Path, error: Exception | str) -> BackupError:
    return BackupError(
        _("%(file)s is not a readable Localiste backup (damaged, truncated or another file): "
          "%(error)s") % {"file": path.name, "error": error}
    )  # fmt: skip


def manifest_read(path: Path) -> dict:
    """The manifest of the archive at `path`, checked; BackupError if it is not one."""
    try:
        with tarfile.open(path, "r|gz") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST or not member.isfile():
                raise _unreadable(path, _("no manifest"))
            manifest = json.load(tar.extractfile(member))
    except UNREADABLE as error:
        raise _unreadable(path, error) from error
    database = manifest.get("database") if isinstance(manifest, dict) else None
    if (
        not isinstance(database, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("vendor") not in VENDORS
        or not {"file", "sha256"} <= database.keys()
    ):
        raise _unreadable(path, _("unknown manifest"))
    return manifest


@dataclass(frozen=True)
class Unpacked:
    database: Path
    media_root: Path
    media_files: int


def archive_unpack(*, path: Path, manifest: dict, staging: Path) -> Unpacked:
    """Unpack the archive into `staging`, checking every member and the database's checksum;
    BackupError (and nothing outside `staging` touched) if anything is wrong."""
    database_name = manifest["database"]["file"]
    database, media_root, media_files = staging / "database", staging / MEDIA, 0
    digest = hashlib.sha256()
    staging.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(path, "r|gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name == database_name and member.isfile():
                    with tar.extractfile(member) as source, database.open("wb") as copy:
                        while chunk := source.read(1 << 20):
                            digest.update(chunk)
                            copy.write(chunk)
                elif member.name.startswith(f"{MEDIA}/") and (member.isfile() or member.isdir()):
                    # The "data" filter refuses absolute paths, "..", links and devices.
                    tar.extract(member, staging, filter="data")
                    media_files += member.isfile()
                else:
                    raise _unreadable(path, _("unexpected member %(name)s") % {"name": member.name})
    except UNREADABLE as error:
        raise _unreadable(path, error) from error
    if not database.exists() or digest.hexdigest() != manifest["database"]["sha256"]:
        raise _unreadable(path, _("the database copy does not match its checksum"))
    return Unpacked(database=database, media_root=media_root, media_files=media_files)
