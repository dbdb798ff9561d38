"""What `manage.py import_csv`, `import_geojson`, `import_sirene` and `import_osm` share: each
names its format (`formats`, which the staff page goes through too) and adds its options.

Each checks the whole file before writing anything: a file that cannot be imported (not a
CSV, a GeoJSON cut off, over settings.IMPORT_MAX_BYTES, a column missing) gives one line on
standard error and exit status 1, and nothing is written, not even the run's record. Then
the run: a progress bar on standard error, each row's outcome on standard output (every row
in a dry run; in a real run the skipped rows and those that kept edited fields, or every
row with -v 2), and a summary.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from localiste.makers.models import Source
from localiste.makers.services import ImportAction, source_build, source_create
from localiste.opendata.imports.fields import mapping_parse, mapping_text
from localiste.opendata.imports.files import ImportFileError
from localiste.opendata.imports.formats import ImportFormat, import_format_get
from localiste.opendata.imports.outcomes import OutcomeReport
from localiste.opendata.imports.runs import RowResult, import_run_create
from localiste.opendata.imports.summary import import_run_summary


class _Lines:
    """A stream for tqdm.write that hands whole lines to a command's OutputWrapper."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        if text.strip("\n"):
            self.wrapper.write(text.rstrip("\n"))

    def flush(self) -> None:
        self.wrapper.flush()


class ImportCommand(BaseCommand):
    format_name = "csv"  # the name of its format in `formats`

    @property
    def import_format(self) -> ImportFormat:
        return import_format_get(self.format_name)

    def format_options(self, options) -> dict:
        """The format's options (see `formats`) that the command's arguments give."""
        return {}

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the file to import")
        parser.add_argument("--source", required=True, metavar="SLUG", help="the source's slug")
        parser.add_argument(
            "--create-source",
            action="store_true",
            help="create the source if it does not exist (with --name, --kind, --publish…)",
        )
        parser.add_argument("--name", help="the new source's name, as maker pages credit it")
        parser.add_argument("--kind", choices=Source.Kind.values, help="the new source's kind")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish the new source's listings at once (else they wait for review)",
        )
        parser.add_argument("--licence", default="", help="the new source's licence")
        parser.add_argument("--attribution", default="", help="the credit its licence asks for")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="the column of a listing field (saved with the source); FIELD= leaves it out",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what each row would do; write nothing"
        )
        whole = parser.add_mutually_exclusive_group()
        whole.add_argument(
            "--partial",
            action="store_true",
            help="the file is part of the source: flag no listing as gone from it",
        )
        whole.add_argument(
            "--complete",
            action="store_true",
            help="the file is the whole source: flag the listings it lacks, however many",
        )
        parser.add_argument(
            "--report", type=Path, metavar="FILE", help="write every row's outcome to this CSV"
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the language of the messages",
        )

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            try:
                self._import(options)
            except ImportFileError as error:
                raise CommandError(str(error)) from None

    def _import(self, options) -> None:
        verbosity = options["verbosity"]
        import_format = self.import_format
        format_options = self.format_options(options)
        source = self._source_find(options)
        given = mapping_parse(options["map"])
        file = import_format.open(options["file"], format_options)
        scan = file.scan()
        mapping = import_format.mapping(
            columns=scan.columns, saved=source.mapping if source else {}, given=given
        )
        report = OutcomeReport(options["report"]) if options["report"] else None
        if source is None:
            # Only now that the file is known good: nothing is written for a bad one, and a
            # dry run creates no source (its listings are planned as all new).
            try:
                source = self._source_new(options, save=not options["dry_run"])
            except CommandError:
                if report is not None:
                    report.close()
                raise
        elif options["create_source"] and verbosity:
            self.stdout.write(
                _("The source “%(slug)s” exists already: its settings are left as they are.")
                % {"slug": source.slug}
            )
        if verbosity:
            self.stdout.write(
                _("%(file)s: %(description)s, %(rows)d rows.")
                % {"file": file.path.name, "description": file.describe(), "rows": scan.rows_total}
            )
            self.stdout.write(_("Columns: %(mapping)s.") % {"mapping": mapping_text(mapping)})
        run = import_run_create(
            source=source,
            file=file,
            dry_run=options["dry_run"],
            mapping=mapping,
            language=options["language"],
            options={
                **_recorded(format_options),
                **{name: True for name in ("partial", "complete") if options[name]},
            },
        )
        lines = _Lines(self.stdout)
        shown = _shown(dry_run=options["dry_run"], verbosity=verbosity)
        bar = tqdm(
            total=scan.rows_total,
            unit=" rows",
            disable=verbosity == 0,
            file=sys.stderr,
            smoothing=0.05,
            leave=False,
        )

        def on_row(result: RowResult) -> None:
            if shown(result):
                bar.write(str(result), file=lines)
            if report is not None:
                report.write(result)

        def warn(line: str) -> None:
            if verbosity:
                bar.write(line, file=lines)

        preparer = import_format.preparer(file, format_options, warn=warn)
        try:
            import_format.execute(
                options=format_options,
                # A real run names the rows a format leaves out before the importer sees
                # them (forty million, for the national register) only with -v 2.
                tell_left_out=options["dry_run"] or verbosity >= 2,
                run=run,
                file=file,
                scan=scan,
                source=source,
                preparer=preparer,
                on_row=on_row,
                on_progress=bar.update,
            )
        finally:
            bar.close()
            if report is not None:
                report.close()
        if verbosity:
            self.stdout.write(import_run_summary(run))
            for line in import_format.notes(preparer):
                self.stdout.write(line)

    def _source_find(self, options) -> Source | None:
        """The source named by --source, None if it is to be created, else CommandError."""
        slug = options["source"]
        source = Source.objects.filter(slug=slug).first()
        if source is None and not options["create_source"]:
            raise CommandError(
                _("There is no source “%(slug)s”: create it with --create-source --name NAME.")
                % {"slug": slug}
            )
        return source

    def _source_new(self, options, *, save: bool) -> Source:
        """The source --create-source describes: saved, or only checked (a dry run)."""
        described = self.import_format.source_settings(
            slug=options["source"],
            name=options["name"] or "",
            kind=options["kind"] or "",
            publish=options["publish"],
            licence=options["licence"],
            attribution=options["attribution"],
        )
        try:
            return (source_create if save else source_build)(**described)
        except ValidationError as error:
            messages = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items()
            )
            raise CommandError(
                _("The source cannot be created: %(errors)s") % {"errors": messages}
            ) from None


def _shown(*, dry_run: bool, verbosity: int):
    def shown(result: RowResult) -> bool:
        if verbosity == 0:
            return False
        if dry_run or verbosity >= 2:
            return True
        return result.action == ImportAction.SKIPPED or bool(result.kept)

    return shown


def _recorded(options: dict) -> dict:
    """The format's options as the run's record keeps them (paths as text)."""
    return {
        name: str(value) if isinstance(value, Path) else value for name, value in options.items()
    }
