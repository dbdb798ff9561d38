"""manage.py upgrade: after the code was updated, back up, migrate and rebuild, saying each."""

from django.core.management.base import BaseCommand, CommandError

from localiste.core.backups.errors import BackupError
from localiste.core.backups.upgrade import upgrade_run


class Command(BaseCommand):
    help = (
        "Bring the site up to its code's version: take a backup, apply the migrations, compile "
        "the translations when needed, collect the static files, rebuild the search index and "
        "empty the cache, printing what each step did (docs/deployment.md). Restart the web "
        "server and the worker afterwards."
    )

    def handle(self, *args, **options):
        try:
            upgrade_run(say=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
