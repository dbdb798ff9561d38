"""Sites of the backup tests that run as production does: `manage.py` in processes of their
own, on a database of their own (an SQLite file, or a PostgreSQL database beside the test
run's), with their own media and backup folders.

The tests' in-memory SQLite database cannot show what matters here: a copy taken while
another process writes to the same file, and a restore into a database that has no table.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[3]
TIMEOUT = 180


def postgres_url() -> str:
    """The test run's PostgreSQL URL, or "" on the SQLite leg."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


@dataclass
class Site:
    folder: Path
    database_url: str

    @property
    def media_root(self) -> Path:
        return self.folder / "media"

    @property
    def backup_dir(self) -> Path:
        return self.folder / "backups"

    def env(self, **extra: str) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "BACKUP_", "MEDIA_", "SQLITE_", "REDIS_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=self.database_url,
            VAR_DIR=str(self.folder),
            MEDIA_ROOT=str(self.media_root),
            BACKUP_DIR=str(self.backup_dir),
            DEBUG="1",
            EMAIL_URL="locmem://",
            LOG_LEVEL="ERROR",
            PYTHONPATH=str(ROOT),
            **extra,
        )
        return env

    def manage(self, *args: str, check: bool = True, **extra: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if check and result.returncode:
            command = " ".join(args)
            raise AssertionError(f"manage.py {command}:\n{result.stdout}\n{result.stderr}")
        return result

    def start(self, module: str, *args: str) -> subprocess.Popen:
        """`python -m module args` in this site's environment."""
        return subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def query(self, sql: str) -> list[tuple]:
        """The rows of `sql` on this site's database, read beside the site."""
        if self.database_url.startswith("sqlite"):
            database = sqlite3.connect(urlsplit(self.database_url).path)
            try:
                return database.execute(sql).fetchall()
            finally:
                database.close()
        import psycopg

        with psycopg.connect(self.database_url) as database:
            return database.execute(sql).fetchall()


class Sites:
    """Makes sites in `folder`, on SQLite files or on new PostgreSQL databases (dropped at
    the end), each empty (`site`) or migrated (`migrated_site`)."""

    def __init__(self, folder: Path, *, vendor: str, template: Path | None = None):
        self.folder, self.vendor, self.template = folder, vendor, template
        self.databases: list[str] = []

    def site(self, name: str) -> Site:
        folder = self.folder / name
        folder.mkdir(parents=True)
        if self.vendor == "sqlite":
            return Site(folder, f"sqlite:///{folder / 'site.sqlite3'}")
        import psycopg

        database = f"localiste_backup_{os.getpid()}_{name}"
        with psycopg.connect(postgres_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
            admin.execute(f'CREATE DATABASE "{database}"')
        self.databases.append(database)
        return Site(folder, urlunsplit(urlsplit(postgres_url())._replace(path=f"/{database}")))

    def migrated_site(self, name: str) -> Site:
        site = self.site(name)
        if self.vendor == "sqlite" and self.template:
            shutil.copyfile(self.template, urlsplit(site.database_url).path)
        else:
            site.manage("migrate", "-v0")
        return site

    def drop(self) -> None:
        if not self.databases:
            return
        import psycopg

        with psycopg.connect(postgres_url(), autocommit=True) as admin:
            for database in self.databases:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
