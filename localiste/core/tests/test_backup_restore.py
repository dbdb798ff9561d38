"""manage.py restore: an archive (or its encrypted copy) back into an empty database, never
over data without --force, and never anything changed by a damaged or foreign archive.

On the test run's own database (transactional tests: pg_dump and psql see committed data).
"""

import gzip
import io
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from localiste.core.tests.backup_archives import (
    archive_rewrite,
    backup_settings_apply,
    media_write,
    only_archive,
)
from localiste.makers.models import Maker
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db(transaction=True)
PHOTO = b"\xff\xd8\xff" + b"la vitrine" * 300


@pytest.fixture
def backups(settings, tmp_path):
    return backup_settings_apply(settings, tmp_path)


def _command(name: str, *args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(name, *args, stdout=out)
    return out.getvalue()


def _names() -> list[str]:
    return sorted(Maker.objects.values_list("name", flat=True))


@pytest.fixture
def archive(backups):
    """An archive of two makers and a photo."""
    MakerFactory(name="Atelier Lune"), MakerFactory(name="Atelier Soleil")
    media_write("photos/ab/lune.jpg", PHOTO)
    _command("backup")
    return only_archive(backups)


def test_restore_into_an_empty_database_brings_everything_back(backups, settings, tmp_path):
    settings.BACKUP_OFFSITE_DIR = str(tmp_path / "offsite")
    settings.BACKUP_KEY = Fernet.generate_key().decode()
    MakerFactory(name="Atelier Lune"), MakerFactory(name="Atelier Soleil")
    photo = media_write("photos/ab/lune.jpg", PHOTO)
    _command("backup")
    (copy,) = (tmp_path / "offsite").glob("*.enc")
    # A new machine: an empty database, an empty media folder.
    call_command("flush", interactive=False, verbosity=0)
    photo.unlink()

    output = _command("restore", str(copy))
    assert _names() == ["Atelier Lune", "Atelier Soleil"]
    assert photo.read_bytes() == PHOTO
    assert "(makers: 2)" in output and "1 file restored" in output
    assert "Search index rebuilt" in output
    _command("search_check")  # the index and the makers agree
    # Nothing left behind but the archive itself.
    assert [path.name for path in backups.iterdir()] == [only_archive(backups).name]


def test_restore_refuses_a_database_that_holds_data_unless_forced(archive):
    MakerFactory(name="Atelier d'après")
    with pytest.raises(CommandError, match=r"already holds data \(.*makers\.maker \(3\).*--force"):
        _command("restore", str(archive))
    assert len(_names()) == 3

    output = _command("restore", str(archive), "--force")
    assert _names() == ["Atelier Lune", "Atelier Soleil"]
    assert "Replaced what the database held" in output


def _other_vendor() -> str:
    return "postgresql" if connection.vendor == "sqlite" else "sqlite"


DAMAGES = {
    "truncated": lambda archive, out: out.write_bytes(
        archive.read_bytes()[: archive.stat().st_size // 2]
    ),
    "not an archive": lambda archive, out: out.write_text("name,city\nLune,Bordeaux\n"),
    "gzip but not tar": lambda archive, out: out.write_bytes(gzip.compress(b"hello" * 100)),
    "database changed": lambda archive, out: archive_rewrite(
        # Every bit of the last page flipped: zeros could leave an empty page unchanged.
        archive,
        out,
        database_bytes=lambda old: old[:-4096] + bytes(b ^ 0xFF for b in old[-4096:]),
    ),
    "file outside media": lambda archive, out: archive_rewrite(
        archive, out, extra={"../../etc/cron.d/evil": b"* * * * * root true"}
    ),
    "media escaping": lambda archive, out: archive_rewrite(
        archive, out, extra={"media/../../../../escaped.txt": b"out of MEDIA_ROOT"}
    ),
    "other vendor": lambda archive, out: archive_rewrite(
        archive, out, manifest_changes={"vendor": _other_vendor()}
    ),
    "newer version": lambda archive, out: archive_rewrite(
        archive,
        out,
        manifest_changes={"version": "9.0.0", "migrations": ["makers.9999_from_the_future"]},
    ),
}
MESSAGES = {
    "truncated": "not a readable Localiste backup",
    "not an archive": "not a readable Localiste backup",
    "gzip but not tar": "not a readable Localiste backup",
    "database changed": "does not match its checksum",
    "file outside media": "unexpected member",
    "media escaping": "not a readable Localiste backup",
    "other vendor": "holds a .* database and this site uses",
    "newer version": r"newer Localiste \(9\.0\.0.*makers\.9999_from_the_future",
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_or_foreign_archive_is_refused_and_changes_nothing(
    archive, backups, tmp_path, damage
):
    damaged = tmp_path / "damaged.tar.gz"
    DAMAGES[damage](archive, damaged)
    MakerFactory(name="Atelier d'après")
    photo = media_write("photos/ab/lune.jpg", b"a newer photo")
    with pytest.raises(CommandError, match=MESSAGES[damage]):
        _command("restore", str(damaged), "--force")  # even forced
    assert len(_names()) == 3
    assert photo.read_bytes() == b"a newer photo"
    assert not (tmp_path / "etc").exists() and not (tmp_path / "escaped.txt").exists()
    assert [path.name for path in backups.iterdir()] == [archive.name]  # no staging left


def test_a_missing_archive_is_named(backups):
    with pytest.raises(CommandError, match="nowhere.tar.gz: no such file"):
        _command("restore", str(Path("nowhere.tar.gz")))


def test_an_encrypted_copy_with_the_wrong_key_is_refused(backups, settings, tmp_path):
    settings.BACKUP_OFFSITE_DIR = str(tmp_path / "offsite")
    settings.BACKUP_KEY = Fernet.generate_key().decode()
    MakerFactory(name="Atelier Lune")
    _command("backup")
    (copy,) = (tmp_path / "offsite").glob("*.enc")
    settings.BACKUP_KEY = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="cannot be decrypted with BACKUP_KEY"):
        _command("restore", str(copy), "--force")
    assert _names() == ["Atelier Lune"]
