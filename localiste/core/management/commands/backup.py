"""manage.py backup: the database and the media files in one archive, while the site serves."""

from django.core.management.base import BaseCommand, CommandError

from localiste.core.backups.errors import BackupError
from localiste.core.backups.offsite import offsite_key_generate
from localiste.core.backups.services import backup_create


class Command(BaseCommand):
    help = (
        "Write an archive of the database (a consistent snapshot, taken while the site serves) "
        "and of the media files into BACKUP_DIR, delete archives older than "
        "BACKUP_RETENTION_DAYS or beyond the newest BACKUP_KEEP, and write an encrypted copy "
        "into BACKUP_OFFSITE_DIR when it is set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate-key", action="store_true", help="print a new BACKUP_KEY and exit"
        )

    def handle(self, *args, generate_key: bool, verbosity: int, **options):
        if generate_key:
            self.stdout.write(offsite_key_generate())
            return
        try:
            done = backup_create()
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in done.lines() if verbosity else ():
            self.stdout.write(line)
