"""`manage.py upgrade`: what a site needs after its code was updated, in order, each step said.

A backup first (an upgrade that goes wrong is undone by restoring it with the previous code),
then the migrations, the translation catalogues when their sources are newer than what is
compiled, the static files, and what derives from the database: the search index is always
rebuilt, because a new version may index differently without any migration (French
normalisation, synonyms), and the rebuild swaps the index at once, so searches keep working.
"""

import io
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.core.backups.services import backup_create
from localiste.core.backups.steps import caches_forget, derived_rebuild, migrations_apply
from localiste.core.backups.version import localiste_version


def catalogues_stale(locale_dirs: list[Path]) -> list[Path]:
    """The .po catalogues under `locale_dirs` whose .mo is missing or older."""
    stale = []
    for locale_dir in locale_dirs:
        for po in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                stale.append(po)
    return stale


def _catalogues() -> str:
    stale = catalogues_stale([Path(path) for path in settings.LOCALE_PATHS])
    if not stale:
        return _("Translations: compiled catalogues up to date.")
    if shutil.which("msgfmt") is None:
        return _("Translations: %(count)d catalogues are newer than their compiled files, and "
                 "msgfmt is missing (apt-get install gettext): the shipped ones are used.") % {
            "count": len(stale)
        }  # fmt: skip
    call_command("compilemessages", ignore_patterns=[".venv/*"], verbosity=0)
    return ngettext(
        "Translations: %(count)d catalogue compiled.",
        "Translations: %(count)d catalogues compiled.",
        len(stale),
    ) % {"count": len(stale)}


def _static_files() -> str:
    output = io.StringIO()
    call_command("collectstatic", interactive=False, verbosity=1, stdout=output)
    lines = output.getvalue().strip().splitlines()
    return _("Static files: %(summary)s") % {"summary": lines[-1] if lines else "-"}


def upgrade_run(*, say: Callable[[str], None], using: str = "default") -> None:
    """Back up, migrate, compile translations, collect static files, rebuild the derived
    data and empty the cache, calling `say` with a line for each step as it ends."""
    started = time.monotonic()
    say(_("Upgrading Localiste %(version)s.") % {"version": localiste_version()})
    for line in backup_create(using=using).lines():
        say(line)
    applied = migrations_apply(using)
    say(
        _("Migrations applied: %(names)s.") % {"names": ", ".join(applied)}
        if applied
        else _("Migrations: none to apply.")
    )
    say(_catalogues())
    say(_static_files())
    for line in derived_rebuild():
        say(line)
    caches_forget()
    say(
        _("Localiste %(version)s is up to date (%(seconds).1f s); cache emptied.")
        % {"version": localiste_version(), "seconds": time.monotonic() - started}
    )
