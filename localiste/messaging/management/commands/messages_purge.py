"""Delete contact messages older than settings.MESSAGE_RETENTION_DAYS (run it daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from localiste.messaging.services import contact_messages_purge


class Command(BaseCommand):
    help = "Delete contact messages older than MESSAGE_RETENTION_DAYS, with their emails."

    def handle(self, *args, **options):
        deleted = contact_messages_purge()
        self.stdout.write(
            f"{deleted} message(s) older than {settings.MESSAGE_RETENTION_DAYS} days deleted"
        )
