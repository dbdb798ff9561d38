"""Old archives deleted: by age (BACKUP_RETENTION_DAYS, which the privacy page promises) and
beyond a count (BACKUP_KEEP), in the backup folder and the off-site one alike; and what a
backup or restore killed midway left behind, which holds personal data too."""

import datetime
import shutil
from pathlib import Path

from localiste.core.backups.archive import archive_created_at


def backups_prune(
    *,
    directory: Path,
    now: datetime.datetime,
    retention_days: int,
    keep: int,
    protect: tuple[Path, ...] = (),
) -> list[Path]:
    """Delete the archives of `directory` older than `retention_days` and all but the newest
    `keep` (at least one); the paths deleted. Files not named as archives are never touched,
    nor those in `protect` (the archive just made)."""
    if not directory.is_dir():
        return []
    archives = sorted(
        (
            (created_at, path)
            for path in directory.iterdir()
            if path.is_file() and (created_at := archive_created_at(path.name))
        ),
        key=lambda item: (item[0], item[1].stat().st_mtime_ns),  # same second: the later
        reverse=True,
    )
    oldest_kept = now - datetime.timedelta(days=retention_days)
    protected = {path.resolve() for path in protect}
    deleted = []
    for position, (created_at, path) in enumerate(archives):
        if path.resolve() in protected:
            continue
        if created_at < oldest_kept or position >= max(keep, 1):
            path.unlink(missing_ok=True)
            deleted.append(path)
    return deleted


# Work folders and half-written files of backups and restores, named so by this package.
LEFTOVERS = (".backup-", ".restore-", ".localiste-backup-")
LEFTOVER_AGE = datetime.timedelta(days=1)


def leftovers_prune(*, directory: Path, now: datetime.datetime) -> list[Path]:
    """Delete the work folders and partial files in `directory` older than a day (a backup
    still running has touched its own more recently); the paths deleted."""
    if not directory.is_dir():
        return []
    deleted = []
    for path in directory.iterdir():
        if not path.name.startswith(LEFTOVERS):
            continue
        modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
        if now - modified < LEFTOVER_AGE:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.endswith(".partial"):
            path.unlink(missing_ok=True)
        else:
            continue
        deleted.append(path)
    return deleted
