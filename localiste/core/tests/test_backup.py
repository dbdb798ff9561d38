"""manage.py backup: one archive with the database, the media files and a manifest; an
encrypted off-site copy that only the key opens; old archives pruned; a daily job.

These run on the test run's own database (SQLite in memory, or PostgreSQL on that leg), whose
data must be committed for pg_dump to see it: hence transactional tests.
"""

import datetime
import importlib.metadata
import io
import os
import sqlite3
import tarfile
import time
import tomllib

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from localiste.core import schedule
from localiste.core.backups import offsite, version
from localiste.core.backups.errors import BackupError
from localiste.core.backups.postgres import postgres_file_check
from localiste.core.backups.retention import backups_prune
from localiste.core.backups.tasks import JOB, backup_job_register
from localiste.core.tests.backup_archives import (
    backup_settings_apply,
    manifest_of,
    media_write,
    only_archive,
)
from localiste.makers.tests.factories import MakerFactory

PHOTO = b"\xff\xd8\xff" + b"une photo d'atelier" * 100


@pytest.fixture
def backups(settings, tmp_path):
    return backup_settings_apply(settings, tmp_path)


def _backup(**options) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("backup", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_database_the_media_and_a_manifest(backups, tmp_path):
    MakerFactory(name="Atelier Lune"), MakerFactory(name="Atelier Soleil")
    media_write("photos/ab/lune.jpg", PHOTO)
    output = _backup()
    archive = only_archive(backups)
    assert f"Backup written: {archive}" in output and "(makers: 2)" in output

    manifest = manifest_of(archive)
    assert manifest["vendor"] == connection.vendor
    assert manifest["version"] == version.localiste_version()
    assert manifest["counts"]["makers.maker"] == 2
    assert manifest["media"] == {"files": 1, "bytes": len(PHOTO)}
    assert "makers.0001_initial" in manifest["migrations"]
    created = datetime.datetime.fromisoformat(manifest["created_at"])
    assert abs(timezone.now() - created) < datetime.timedelta(minutes=1)

    with tarfile.open(archive) as tar:
        assert tar.getnames()[0] == "manifest.json"
        assert tar.extractfile("media/photos/ab/lune.jpg").read() == PHOTO
        tar.extract(manifest["database"]["file"], tmp_path, filter="data")
    copy = tmp_path / manifest["database"]["file"]
    if connection.vendor == "sqlite":
        database = sqlite3.connect(copy)
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert database.execute("SELECT name FROM makers_maker ORDER BY name").fetchall() == [
            ("Atelier Lune",),
            ("Atelier Soleil",),
        ]
        database.close()
    else:
        postgres_file_check(copy)  # pg_restore reads the dump's table of contents


@pytest.mark.django_db(transaction=True)
def test_a_backup_inside_a_transaction_is_refused_rather_than_left_waiting(backups):
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite copies through the site's own connection")
    from django.db import transaction

    with transaction.atomic(), pytest.raises(CommandError, match="transaction"):
        _backup()


def _key() -> str:
    return Fernet.generate_key().decode()


@pytest.mark.django_db(transaction=True)
def test_the_offsite_copy_is_the_archive_encrypted_and_old_copies_go(backups, settings, tmp_path):
    settings.BACKUP_OFFSITE_DIR = str(tmp_path / "offsite")
    settings.BACKUP_KEY = key = _key()
    old = tmp_path / "offsite" / "localiste-backup-20200101T000000Z.tar.gz.enc"
    old.parent.mkdir()
    old.write_bytes(b"an old copy")
    MakerFactory()
    output = _backup()
    archive = only_archive(backups)
    (copy,) = (tmp_path / "offsite").glob("*.enc")
    assert copy.name == f"{archive.name}.enc" and f"off-site copy: {copy}" in output
    assert not old.exists()
    assert b'"vendor"' not in copy.read_bytes()  # the manifest is not readable there

    decrypted = tmp_path / "decrypted.tar.gz"
    offsite.offsite_decrypt(source=copy, destination=decrypted, keys=offsite.offsite_keys(key))
    assert decrypted.read_bytes() == archive.read_bytes()

    with pytest.raises(BackupError, match="cannot be decrypted"), translation.override("en"):
        offsite.offsite_decrypt(
            source=copy, destination=tmp_path / "no.tar.gz", keys=offsite.offsite_keys(_key())
        )
    assert not (tmp_path / "no.tar.gz").exists()


@pytest.mark.django_db(transaction=True)
def test_an_offsite_copy_without_a_key_fails_before_writing_anything(backups, settings, tmp_path):
    settings.BACKUP_OFFSITE_DIR = str(tmp_path / "offsite")
    with pytest.raises(CommandError, match="BACKUP_KEY is not set"):
        _backup()
    settings.BACKUP_KEY = "not-a-key"
    with pytest.raises(CommandError, match="not a Fernet key"):
        _backup()
    assert not backups.exists() or not list(backups.glob("localiste-backup-*"))


@pytest.fixture
def sealed(tmp_path, monkeypatch):
    """A 2.5-chunk file and its encrypted copy (small chunks: the tests stay quick)."""
    monkeypatch.setattr(offsite, "CHUNK", 1000)
    plain = tmp_path / "plain.bin"
    plain.write_bytes(bytes(range(256)) * 10)
    keys = offsite.offsite_keys(_key())
    copy = tmp_path / "plain.bin.enc"
    offsite.offsite_encrypt(source=plain, destination=copy, keys=keys)
    return plain, copy, keys


def _records(copy) -> tuple[bytes, list[bytes]]:
    """The magic bytes and the length-prefixed records of an encrypted copy."""
    data = copy.read_bytes()
    head, position, records = data[: len(offsite.MAGIC)], len(offsite.MAGIC), []
    while position < len(data):
        (size,) = offsite.LENGTH.unpack_from(data, position)
        end = position + offsite.LENGTH.size + size
        records.append(data[position:end])
        position = end
    return head, records


def test_an_encrypted_copy_decrypts_whole_even_after_a_key_change(sealed, tmp_path):
    plain, copy, keys = sealed
    assert len(_records(copy)[1]) == 3  # chunks of 1000 bytes
    out = tmp_path / "out.bin"
    offsite.offsite_decrypt(source=copy, destination=out, keys=keys)
    assert out.read_bytes() == plain.read_bytes()
    # A new key put first in BACKUP_KEY: the copies made with the former one still open.
    former, new = _key(), _key()
    older = tmp_path / "older.enc"
    offsite.offsite_encrypt(source=plain, destination=older, keys=offsite.offsite_keys(former))
    out.unlink()
    rotated = offsite.offsite_keys(f"{new}, {former}")
    offsite.offsite_decrypt(source=older, destination=out, keys=rotated)
    assert out.read_bytes() == plain.read_bytes()


@pytest.mark.parametrize(
    "damage",
    ["last chunk cut off", "chunks swapped", "one byte changed", "cut in a chunk", "not a copy"],
)
def test_a_damaged_encrypted_copy_is_refused(sealed, tmp_path, damage):
    plain, copy, keys = sealed
    head, records = _records(copy)
    data = copy.read_bytes()
    damaged = {
        "last chunk cut off": head + b"".join(records[:-1]),
        "chunks swapped": head + records[1] + records[0] + records[2],
        "one byte changed": data[:500] + bytes([data[500] ^ 0xFF]) + data[501:],
        "cut in a chunk": data[:-10],
        "not a copy": b"hello",
    }[damage]
    copy.write_bytes(damaged)
    with pytest.raises(BackupError):
        offsite.offsite_decrypt(source=copy, destination=tmp_path / "out.bin", keys=keys)
    assert not (tmp_path / "out.bin").exists()


def _archives(folder, now, ages_in_days: list[float]) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for age in ages_in_days:
        stamp = (now - datetime.timedelta(days=age)).strftime("%Y%m%dT%H%M%SZ")
        path = folder / f"localiste-backup-{stamp}.tar.gz"
        path.write_bytes(b"archive")
        paths.append(path)
    return paths


def test_archives_are_pruned_by_age(tmp_path):
    now = datetime.datetime(2026, 12, 2, 3, 0, tzinfo=datetime.UTC)
    young, month, old = _archives(tmp_path, now, [1, 29.9, 30.1])
    other = tmp_path / "notes.txt"
    other.write_text("not an archive")
    deleted = backups_prune(directory=tmp_path, now=now, retention_days=30, keep=14)
    assert deleted == [old]
    assert young.exists() and month.exists() and other.exists()


def test_archives_are_pruned_by_count_newest_kept(tmp_path):
    now = datetime.datetime(2026, 12, 2, 3, 0, tzinfo=datetime.UTC)
    paths = _archives(tmp_path, now, [0, 1, 2, 3, 4])
    deleted = backups_prune(directory=tmp_path, now=now, retention_days=30, keep=3)
    assert sorted(deleted) == sorted(paths[3:])
    assert all(path.exists() for path in paths[:3])
    # Never the archive just made, even when the settings would have none kept.
    deleted = backups_prune(
        directory=tmp_path, now=now, retention_days=0, keep=0, protect=(paths[0],)
    )
    assert paths[0].exists() and sorted(deleted) == sorted(paths[1:3])


@pytest.mark.django_db(transaction=True)
def test_the_backup_command_prunes_what_the_settings_say(backups, settings):
    settings.BACKUP_KEEP = 2
    old = _archives(backups, timezone.now(), [40, 2, 1])
    # What a backup killed midway left two days ago (a database copy: personal data too),
    # and the work folder of one running now.
    killed, partial, running = (
        backups / ".backup-killed",
        backups / ".localiste-backup-20261130T030000Z.tar.gz.4242.partial",
        backups / ".backup-running",
    )
    killed.mkdir(), running.mkdir()
    (killed / "database.sqlite3").write_bytes(b"SQLite format 3\x00")
    partial.write_bytes(b"half an archive")
    two_days_ago = time.time() - 2 * 86400
    for path in (killed, partial):
        os.utime(path, (two_days_ago, two_days_ago))

    output = _backup()
    assert "2 old archives deleted" in output
    assert not old[0].exists() and not old[1].exists() and old[2].exists()
    assert len(list(backups.glob("localiste-backup-*"))) == 2
    assert not killed.exists() and not partial.exists() and running.exists()


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_queues_a_daily_backup(backups, monkeypatch):
    monkeypatch.setattr(schedule, "_jobs", {})
    backup_job_register()
    (job,) = schedule.jobs_registered()
    assert (job.name, job.every) == (JOB, datetime.timedelta(days=1))
    now = timezone.now()
    assert schedule.jobs_run_due(now=now) == [JOB]  # the tests' task backend runs it at once
    assert only_archive(backups).exists()
    assert schedule.jobs_run_due(now=now + datetime.timedelta(hours=23)) == []


def test_the_running_version_is_the_projects(monkeypatch):
    with version.PYPROJECT.open("rb") as pyproject:
        declared = tomllib.load(pyproject)["project"]["version"]
    version.localiste_version.cache_clear()
    assert version.localiste_version() == declared

    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    version.localiste_version.cache_clear()
    try:
        assert version.localiste_version() == declared  # read from pyproject.toml
    finally:
        version.localiste_version.cache_clear()
