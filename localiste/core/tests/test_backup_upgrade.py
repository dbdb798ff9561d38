"""manage.py upgrade: a backup first, then the migrations, translations, static files and the
search index, each step said; no backup, no upgrade."""

import io
import os
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from localiste.core.backups import upgrade
from localiste.core.backups.steps import migrations_pending
from localiste.core.backups.version import localiste_version
from localiste.core.tests.backup_archives import backup_settings_apply, only_archive

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_to_upgrade(settings, tmp_path, monkeypatch):
    """An install whose code has a migration its database lacks (sessions' first), with its
    backups and static files in the test's folder. The repository's catalogues are left
    alone: another test holds them compiled."""
    backups = backup_settings_apply(settings, tmp_path)
    settings.STATIC_ROOT = tmp_path / "static"
    monkeypatch.setattr(upgrade, "catalogues_stale", lambda locale_dirs: [])
    call_command("migrate", "sessions", "zero", verbosity=0)
    yield backups
    call_command("migrate", "sessions", verbosity=0)


def _session_table_exists() -> bool:
    with connection.cursor() as cursor:
        return "django_session" in connection.introspection.table_names(cursor)


def test_upgrade_backs_up_migrates_and_rebuilds_saying_so(site_to_upgrade, settings):
    assert migrations_pending() == ["sessions.0001_initial"]
    out = io.StringIO()
    with translation.override("en"):
        call_command("upgrade", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"Upgrading Localiste {localiste_version()}."
    assert lines[1].startswith(f"Backup written: {only_archive(site_to_upgrade)}")
    assert "Migrations applied: sessions.0001_initial." in lines
    assert "Translations: compiled catalogues up to date." in lines
    assert any(line.startswith("Static files: ") and "copied" in line for line in lines)
    assert any(line.startswith("Search index rebuilt") for line in lines)
    assert lines[-1].startswith(f"Localiste {localiste_version()} is up to date")
    assert _session_table_exists() and migrations_pending() == []
    assert (settings.STATIC_ROOT / "css").is_dir()


def test_no_backup_no_upgrade(site_to_upgrade, settings, tmp_path):
    settings.BACKUP_OFFSITE_DIR = str(tmp_path / "offsite")  # and no BACKUP_KEY
    with pytest.raises(CommandError, match="BACKUP_KEY"):
        call_command("upgrade", stdout=io.StringIO())
    assert not _session_table_exists()


def test_catalogues_newer_than_their_compiled_files_are_found(tmp_path):
    messages = tmp_path / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.mo").write_bytes(b"")
    (messages / "django.po").write_text('msgid ""\nmsgstr ""\n')
    past = time.time() - 60
    os.utime(messages / "django.mo", (past, past))
    (tmp_path / "en" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "en" / "LC_MESSAGES" / "django.po").write_text("")
    assert upgrade.catalogues_stale([tmp_path]) == [
        tmp_path / "en" / "LC_MESSAGES" / "django.po",
        messages / "django.po",
    ]
    os.utime(messages / "django.mo")
    assert upgrade.catalogues_stale([tmp_path]) == [tmp_path / "en" / "LC_MESSAGES" / "django.po"]
