"""`manage.py places_import FILE --country BE`: load an operator's CSV of places."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from localiste.places.services import places_import


class Command(BaseCommand):
    help = (
        "Create or update places (towns with coordinates and postcodes) from a CSV, for a "
        "territory abroad; see docs/territories.md for the columns."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the CSV file")
        parser.add_argument("--country", required=True, help="their ISO country code, e.g. BE")

    def handle(self, *args, path: Path, country: str, **options):
        if len(country) != 2 or not country.isalpha():
            raise CommandError("--country takes a two-letter ISO code, e.g. BE")
        try:
            changed = places_import(raw=path.read_bytes(), country=country)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(f"{changed} places created or updated")
