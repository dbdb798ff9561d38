"""manage.py restore ARCHIVE: put a backup back, into an empty database unless --force."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from localiste.core.backups.errors import BackupError
from localiste.core.backups.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive of manage.py backup (or its encrypted off-site copy, with "
        "BACKUP_KEY): the database, then the media files into MEDIA_ROOT; then apply the "
        "migrations it lacks and rebuild the search index. Stop the web server and the worker "
        "first. A database that holds data is replaced only with --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="a .tar.gz archive or its .enc copy")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that holds data"
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            done = backup_restore(archive=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in done.lines():
            self.stdout.write(line)
