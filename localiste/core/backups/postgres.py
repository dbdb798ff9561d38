"""PostgreSQL: pg_dump of a live database, and pg_restore piped into psql to restore it.

The dump and the manifest's row counts read one snapshot: this module's own connection
exports it (pg_export_snapshot) and pg_dump imports it, so that the counts are exactly what
the dump holds while the site keeps writing.
"""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.utils.translation import gettext as _

from localiste.core.backups.database import migrations_applied, row_counts
from localiste.core.backups.errors import BackupError

# Debian and Ubuntu install each server version's tools here, not always on PATH.
DEBIAN_BIN = "/usr/lib/postgresql/*/bin"


def pg_binary(name: str) -> str:
    """The path of the PostgreSQL tool `name`: BACKUP_PG_BIN, then PATH, then the newest
    version under /usr/lib/postgresql (pg_dump must be as new as the server)."""
    folders = [settings.BACKUP_PG_BIN] if settings.BACKUP_PG_BIN else []
    folders += sorted(glob.glob(DEBIAN_BIN), key=_version, reverse=True)
    for candidate in [shutil.which(name), *(str(Path(f) / name) for f in folders)]:
        if candidate and Path(candidate).is_file():
            return candidate
    raise BackupError(
        _("%(tool)s is not installed: install the PostgreSQL client tools or set BACKUP_PG_BIN.")
        % {"tool": name}
    )


def _version(folder: str) -> float:
    try:
        return float(Path(folder).parent.name)
    except ValueError:
        return 0.0


def _command(tool: str, *parameters: str, using: str) -> tuple[list[str], dict]:
    """The command line and environment that run `tool` on the database `using` (Django's own
    translation of the settings: host, port, user, password, SSL options)."""
    args, env = DatabaseClient.settings_to_cmd_args_env(
        connections[using].settings_dict, list(parameters)
    )
    return [pg_binary(tool), *args[1:]], {**os.environ, **(env or {})}


def _failed(what: str, stderr: bytes) -> BackupError:
    detail = stderr.decode(errors="replace").strip().splitlines()
    return BackupError(
        _("%(tool)s failed: %(detail)s") % {"tool": what, "detail": " ".join(detail[-3:])}
    )


def postgres_snapshot(*, destination: Path, using: str = "default") -> tuple[dict, list]:
    """pg_dump the live database (custom format) into `destination`; the row counts and the
    migrations of the snapshot it dumped."""
    params = connections[using].get_connection_params()
    with psycopg.connect(**params) as snapshot:
        snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot_id = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]
        # Uncompressed: the archive compresses everything once.
        args, env = _command(
            "pg_dump",
            "--format=custom",
            "--compress=0",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot_id}",
            f"--file={destination}",
            using=using,
        )
        dump = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        cursor = snapshot.cursor()
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        tables = {name for (name,) in cursor.fetchall()}
        counts, migrations = row_counts(cursor, tables), migrations_applied(cursor, tables)
        # The exporting transaction stays open until pg_dump is done with its snapshot.
        _, stderr = dump.communicate()
    if dump.returncode:
        raise _failed("pg_dump", stderr)
    return counts, migrations


def postgres_file_check(path: Path) -> None:
    """BackupError unless pg_restore can read the dump's table of contents."""
    result = subprocess.run(
        [pg_binary("pg_restore"), "--list", str(path)], capture_output=True, check=False
    )
    if result.returncode:
        raise _failed("pg_restore", result.stderr)


def postgres_restore(*, source: Path, replace: bool, using: str = "default") -> None:
    """Load the dump `source` into the live database in one transaction (a failure changes
    nothing); with `replace`, its tables are dropped first, in the same transaction."""
    prelude = ["-c", "SET client_min_messages = warning"]
    if replace:
        prelude += ["-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public"]
    psql, env = _command(
        "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", *prelude,
        "-f", "-", using=using,
    )  # fmt: skip
    pg_restore = [pg_binary("pg_restore"), "--no-owner", "--no-privileges", "-f", "-", str(source)]
    with tempfile.TemporaryFile() as script_errors, tempfile.TemporaryFile() as load_errors:
        script = subprocess.Popen(pg_restore, stdout=subprocess.PIPE, stderr=script_errors)
        load = subprocess.Popen(
            psql, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=load_errors
        )
        try:
            shutil.copyfileobj(script.stdout, load.stdin, 1 << 20)
        except BrokenPipeError:  # psql stopped at an error: its transaction is rolled back
            script.kill()
        script.stdout.close()
        script.wait()
        if script.returncode and load.poll() is None:
            # psql commits when its input ends: a script cut short must not reach that end.
            load.kill()
        with contextlib.suppress(BrokenPipeError):
            load.stdin.close()
        load.wait()
        if load.returncode:
            raise _failed("psql", _read(load_errors) or _read(script_errors))
        if script.returncode:
            raise _failed("pg_restore", _read(script_errors))
    connections[using].close()  # its prepared statements named the tables just replaced


def _read(errors) -> bytes:
    errors.seek(0)
    return errors.read()
