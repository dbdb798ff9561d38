"""A backup taken while the site writes, restored into a new database: the acceptance test.

Everything runs as in production, in processes of their own: a writer publishes makers in a
loop while `manage.py backup` copies the database (SQLite's online backup API on a WAL file,
or pg_dump on PostgreSQL), then `manage.py restore` puts the encrypted off-site copy into a
database that has no table yet. Every maker committed before the backup began must be there,
whole, and nothing that was never committed; the media files too.
"""

import json
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from localiste.core.tests.backup_sites import Site, Sites, postgres_url
from localiste.makers.models import Maker, MakerCategory

MEDIA = {
    "photos/ab/atelier-1.webp": b"RIFF\x00\x01WEBP" + bytes(range(256)) * 40,
    "photos/cd/atelier-2.jpg": b"\xff\xd8\xff" + b"jpeg" * 3000,
    "posters/affiche.pdf": b"%PDF-1.7 une affiche",
}


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite database file, copied by each site that needs one (migrate once)."""
    folder = tmp_path_factory.mktemp("backup-template")
    site = Site(folder, f"sqlite:///{folder / 'site.sqlite3'}")
    site.manage("migrate", "-v0")
    return folder / "site.sqlite3"


@pytest.fixture
def sqlite_sites(tmp_path, request):
    if postgres_url():
        pytest.skip("the SQLite leg runs it (this leg's own database is PostgreSQL)")
    return Sites(tmp_path, vendor="sqlite", template=request.getfixturevalue("sqlite_template"))


@pytest.fixture
def postgres_sites(tmp_path):
    if not postgres_url():
        pytest.skip("pg_dump and pg_restore run on the PostgreSQL leg (DATABASE_URL=postgres://…)")
    sites = Sites(tmp_path, vendor="postgresql")
    yield sites
    sites.drop()


def _committed(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.endswith("}")]


def _wait_for(condition, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _backup_while_writing(source: Site, **backup_env: str) -> tuple[list[dict], float, float]:
    """Run `manage.py backup` on `source` while a writer publishes makers; every maker the
    writer committed, and when the backup command started and ended."""
    log, stop = source.folder / "committed.jsonl", source.folder / "stop"
    writer = source.start("localiste.core.tests.backup_writer", str(log), str(stop))
    try:
        _wait_for(lambda: len(_committed(log)) >= 20, "the writer's first makers")
        started = time.time()
        backup = source.manage("backup", **backup_env)
        ended = time.time()
        _wait_for(lambda: _committed(log)[-1]["at"] > ended + 0.2, "makers after the backup")
        stop.touch()
        writer.wait(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait()
    assert writer.returncode == 0, writer.stderr.read()
    assert "localiste-backup-" in backup.stdout  # it says where the archive went
    return _committed(log), started, ended


def _check_restored(target: Site, committed: list[dict], started: float) -> None:
    maker, link = Maker._meta.db_table, MakerCategory._meta.db_table
    restored = dict(target.query(f"SELECT id, name FROM {maker}"))
    before = {record["id"]: record["name"] for record in committed if record["at"] < started}
    everything = {record["id"]: record["name"] for record in committed}
    assert before.items() <= restored.items()  # every maker committed before the backup
    assert restored.items() <= everything.items()  # and nothing never committed
    # No torn rows: each maker came with the category links of its transaction.
    torn = target.query(
        f"SELECT count(*) FROM {maker} m WHERE NOT EXISTS "
        f"(SELECT 1 FROM {link} c WHERE c.maker_id = m.id AND c.is_direct)"
    )
    assert torn == [(0,)]
    for name, content in MEDIA.items():
        assert (target.media_root / name).read_bytes() == content


def _seed_media(site: Site) -> None:
    for name, content in MEDIA.items():
        path = site.media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _backup_and_restore(sites: Sites) -> Site:
    source = sites.migrated_site("source")
    _seed_media(source)
    key = Fernet.generate_key().decode()
    offsite = source.folder / "offsite"
    committed, started, ended = _backup_while_writing(
        source, BACKUP_OFFSITE_DIR=str(offsite), BACKUP_KEY=key
    )
    # The writer really wrote while the backup command ran.
    assert any(started < record["at"] < ended for record in committed)
    (copy,) = offsite.glob("localiste-backup-*.tar.gz.enc")

    target = sites.site("target")  # a database without a single table
    restore = target.manage("restore", str(copy), BACKUP_KEY=key)
    assert "search" in restore.stdout.lower() or "recherche" in restore.stdout.lower()
    _check_restored(target, committed, started)

    # Restoring again finds data there now: refused without --force, nothing changed.
    (archive,) = source.backup_dir.glob("localiste-backup-*.tar.gz")
    refused = target.manage("restore", str(archive), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    target.manage("restore", str(archive), "--force")
    _check_restored(target, committed, started)
    return target


def test_a_backup_taken_while_makers_are_written_restores_on_sqlite(sqlite_sites):
    target = _backup_and_restore(sqlite_sites)
    assert target.query("PRAGMA integrity_check") == [("ok",)]


def test_a_backup_taken_while_makers_are_written_restores_on_postgresql(postgres_sites):
    _backup_and_restore(postgres_sites)


def test_a_backup_of_a_damaged_sqlite_database_is_refused(sqlite_sites):
    site = sqlite_sites.migrated_site("damaged")
    database = Path(site.database_url.removeprefix("sqlite:///"))
    (root_page,) = site.query("SELECT rootpage FROM sqlite_master WHERE name = 'auth_permission'")
    (page_size,) = site.query("PRAGMA page_size")
    with database.open("r+b") as damaged:  # the b-tree page header of a table, overwritten
        damaged.seek((root_page[0] - 1) * page_size[0])
        damaged.write(b"\xff" * 12)
    result = site.manage("backup", check=False)
    assert result.returncode != 0
    assert "integrity" in result.stderr or "intégrité" in result.stderr
    assert not list(site.backup_dir.glob("localiste-backup-*"))
