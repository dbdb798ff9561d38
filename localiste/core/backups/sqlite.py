"""SQLite: a live database copied with the online backup API, checked, and copied back.

The site keeps serving meanwhile: in WAL mode writers go on while the copy reads, and the copy
is the database as it was when it began.
"""

import sqlite3
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _

from localiste.core.backups.database import migrations_applied, row_counts
from localiste.core.backups.errors import BackupError


def _live_connection(using: str) -> sqlite3.Connection:
    connection = connections[using]
    if connection.in_atomic_block:
        # A copy from (or into) a connection in the middle of a transaction waits forever on
        # its own lock; the commands and the daily job never run inside one.
        raise BackupError(_("A backup or a restore cannot run inside a database transaction."))
    connection.ensure_connection()
    return connection.connection


def sqlite_integrity_check(database: sqlite3.Connection) -> None:
    """Nothing if `PRAGMA integrity_check` says "ok", else BackupError with what it found."""
    try:
        problems = [row[0] for row in database.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        problems = [str(error)]
    if problems != ["ok"]:
        raise BackupError(
            _("The database copy failed SQLite's integrity check: %(problems)s")
            % {"problems": "; ".join(problems[:5])}
        )


def _facts(database: sqlite3.Connection) -> tuple[dict[str, int], list[str]]:
    cursor = database.cursor()
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    tables = {name for (name,) in cursor.fetchall()}
    return row_counts(cursor, tables), migrations_applied(cursor, tables)


def sqlite_snapshot(*, destination: Path, using: str = "default") -> tuple[dict, list]:
    """Copy the live database into the file `destination` and check the copy; its row counts
    and migrations, as the manifest records them."""
    copy = sqlite3.connect(destination)
    try:
        # One step (pages=-1): the copy reads one snapshot however many writers commit in the
        # meantime; in several steps, each of their commits would start the copy again.
        _live_connection(using).backup(copy, pages=-1)
        # A self-contained file: no -wal beside it to forget.
        copy.execute("PRAGMA journal_mode=DELETE")
        sqlite_integrity_check(copy)
        return _facts(copy)
    finally:
        copy.close()


def sqlite_file_check(path: Path) -> None:
    """BackupError unless `path` is an SQLite database that passes the integrity check."""
    try:
        database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(str(error)) from error
    try:
        sqlite_integrity_check(database)
    finally:
        database.close()


def sqlite_restore(*, source: Path, using: str = "default") -> None:
    """Replace the live database's content by the database file `source`, in one write
    transaction (a failure leaves it as it was), then check it."""
    live = _live_connection(using)
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        copy.backup(live, pages=-1)
    except sqlite3.Error as error:
        raise BackupError(
            _("The database could not be restored: %(error)s") % {"error": error}
        ) from error
    finally:
        copy.close()
    sqlite_integrity_check(live)
