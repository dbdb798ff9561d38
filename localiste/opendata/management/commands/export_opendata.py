"""manage.py export_opendata: write the open data files now, and say what was written."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from localiste.opendata.exports import opendata_export, opendata_export_if_due


class Command(BaseCommand):
    help = (
        "Write the open data files of the published makers (CSV with its Table Schema, "
        "GeoJSON, JSON-LD, and apart those of share-alike sources) into OPENDATA_DIR, now. "
        "With --if-due, only if listings changed and the last export is old enough, as the "
        "periodic job does."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-due",
            action="store_true",
            help="only if listings changed since the last export and it is old enough",
        )

    def handle(self, *args, if_due: bool, verbosity: int, **options):
        run = opendata_export_if_due() if if_due else opendata_export()
        if run.skipped == "busy":
            raise CommandError("Another export is writing the files; try again once it ends.")
        if run.manifest is None:
            self.stdout.write(f"Nothing written ({run.skipped}).")
            return
        manifest = run.manifest
        self.stdout.write(f"Wrote to {settings.OPENDATA_DIR} in {manifest['seconds']:.1f} s:")
        for dataset in manifest["datasets"]:
            licence = dataset["licence"]["name"] or dataset["licence"]["url"]
            makers = f"{dataset['rows']:,} maker" + ("" if dataset["rows"] == 1 else "s")
            self.stdout.write(f"  {dataset['name']} ({makers}, {licence})")
            for file in dataset["files"]:
                self.stdout.write(f"    {file['name']}: {filesizeformat(file['bytes'])}")
        self.stdout.write(f"  {manifest['schema']}, {manifest['package']}, manifest.json")
        if run.removed:
            self.stdout.write(f"Removed: {', '.join(run.removed)}")
        if not settings.SITE_URL:
            self.stderr.write(
                "SITE_URL is not set: the files give the makers' pages as paths, not addresses."
            )
