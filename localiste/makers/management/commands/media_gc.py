"""List (and with --delete, delete) the photo files that no photo uses any more."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from localiste.makers.images import media_files_delete, media_orphans


class Command(BaseCommand):
    help = (
        "List the files under MEDIA_ROOT/photos that no photo uses (left by an upload that "
        "failed or by an older version of the site); --delete deletes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="delete the files listed")
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="skip files written more recently: an upload may be storing them (60)",
        )
        parser.add_argument("--under", default="photos", help="folder of the media storage")

    def handle(self, *args, **options):
        older_than = timezone.now() - datetime.timedelta(minutes=options["min_age_minutes"])
        orphans = media_orphans(under=options["under"].strip("/"), older_than=older_than)
        for orphan in orphans:
            self.stdout.write(orphan.name)
        size_mb = sum(orphan.size for orphan in orphans) / 2**20
        summary = (
            f"{len(orphans)} file(s), {size_mb:.1f} MB, under {options['under']}/ used by no photo"
        )
        if not options["delete"]:
            self.stdout.write(summary + " (run with --delete to delete them).")
            return
        # Checked again right before deleting: a photo saved meanwhile keeps its files.
        deleted = media_files_delete(names=[orphan.name for orphan in orphans])
        self.stdout.write(summary + f": {len(deleted)} deleted.")
