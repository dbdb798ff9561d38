"""`manage.py gazetteer_load`: load the shipped gazetteer and the territories."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from localiste.places.models import Place
from localiste.places.services import gazetteer_load, territory_sync_from_places


class Command(BaseCommand):
    help = "Load the shipped places and postcodes (idempotent), then create or update territories."

    def add_arguments(self, parser):
        parser.add_argument("--country", help="load only this country code, e.g. FR")
        parser.add_argument("--department", help="load only this French département, e.g. 33")
        parser.add_argument("--path", type=Path, help="a gazetteer .csv.gz file or folder")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when places are loaded already"
        )
        parser.add_argument(
            "--no-territories", action="store_true", help="leave the territories alone"
        )

    def handle(self, *args, country=None, department=None, path=None, **options):
        if options["if_empty"] and Place.objects.exists():
            return
        started = time.monotonic()
        changed = gazetteer_load(path=path, country=country, department=department)
        self.stdout.write(
            f"{changed} places created or updated in {time.monotonic() - started:.1f} s"
        )
        if not options["no_territories"]:
            territories = territory_sync_from_places()
            self.stdout.write(f"{len(territories)} territories up to date")
