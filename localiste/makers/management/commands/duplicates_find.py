"""Compare every published or pending listing with the others and record possible duplicates."""

from functools import partial

from django.core.management.base import BaseCommand
from tqdm import tqdm

from localiste.makers.duplicate_scan import duplicates_find_all


class Command(BaseCommand):
    help = (
        "Look for listings that may be one maker (same SIRET, email, phone or website, or a "
        "similar name within 1 km) and put them in the moderation queue; pairs already "
        "dismissed are never suggested again."
    )

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0
        progress = partial(tqdm, disable=quiet, leave=False, smoothing=0.05)
        scan = duplicates_find_all(progress=progress)
        if not quiet:
            self.stdout.write(str(scan))
