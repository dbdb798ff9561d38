"""The formats an import reads, each said once: what `manage.py import_csv`, `import_geojson`,
`import_sirene` and `import_osm` and the staff page (`service`) all go through.

    import_format = import_format_get("sirene")
    file = import_format.open(path, options)          # ImportFileError: nothing written
    mapping = import_format.mapping(columns=scan.columns, saved=source.mapping, given={})
    preparer = import_format.preparer(file, options, warn=print)
    import_format.execute(options=options, run=run, file=file, preparer=preparer, ...)
    import_format_guess(file_name="export.geojson", head=first_bytes)  # "osm"

An `ImportFormat` gives what a new source of its kind gets (licence, attribution,
share-alike: `source_settings`), how its file is opened, whether it takes a column mapping
(CSV and GeoJSON do; the SIRENE register and OpenStreetMap exports name their own columns),
what turns its rows into listing values, and how its run is done. While a run goes, its
record says it is alive (`progress_at`, about once a minute) and keeps the rows imported
with a doubt (`warning_count`, `warning_rows`): the page shows them, not only a command's
output. Its options are plain
values, as a command's arguments or the page's fields give them and as the run records them
(`ImportRun.options`; paths as text):

- CSV: `encoding`, `delimiter` ("" for detected);
- SIRENE: `departements`, `communes` (codes), `naf_map` (default: settings.IMPORT_SIRENE_NAF_MAP,
  else the shipped map), `legal_units` (a StockUniteLegale file, for the companies' names);
- OpenStreetMap: `category_map` (default: the shipped one).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

from localiste.makers.models import Source
from localiste.opendata.imports.fields import mapping_resolve
from localiste.opendata.imports.files import ImportFile, import_file_open
from localiste.opendata.imports.osm import OsmFile
from localiste.opendata.imports.osm_tags import OSM_MAPPING, OsmRowPreparer, category_map_load
from localiste.opendata.imports.runs import import_run_execute
from localiste.opendata.imports.sirene import MAPPING as SIRENE_MAPPING
from localiste.opendata.imports.sirene import SireneScope, sirene_run_execute
from localiste.opendata.imports.sirene_file import SireneFile
from localiste.opendata.imports.sirene_naf import NafMap, naf_map_path
from localiste.opendata.imports.sirene_rows import SirenePreparer, legal_units_check
from localiste.opendata.models import ImportRun

OSM_COPYRIGHT_URL = "https://www.openstreetmap.org/copyright"
Options = Mapping[str, Any]
# How often at most a run's record says it is still alive, and how much of a file's
# beginning `import_format_guess` reads.
ALIVE_SAVE_SECONDS = 60
GUESS_HEAD_BYTES = 64 * 1024
DEFAULT_ROWS_KEPT = 1000


class WarningLog:
    """The warnings of a run's preparer (`warn(line)`): counted, the first `keep` ones kept
    for the run's record, each passed on to `forward` (a command prints them)."""

    def __init__(self, *, forward: Callable[[str], None] | None = None, keep: int = 0):
        self.forward = forward
        self.keep = keep or max(1, int(getattr(settings, "IMPORT_ROWS_KEPT", DEFAULT_ROWS_KEPT)))
        self.count = 0
        self.lines: list[str] = []

    def __call__(self, line: str) -> None:
        self.count += 1
        if len(self.lines) < self.keep:
            self.lines.append(line)
        if self.forward is not None:
            self.forward(line)


class _RunWatch:
    """Follows a run's batches (its `on_progress`, passed on): saves on its record that it
    is alive at most every ALIVE_SAVE_SECONDS (a run silent for IMPORT_STALE_MINUTES is
    marked failed, `service.import_runs_stale_fail`) and the preparer's new warnings, each
    time in one UPDATE of those fields only."""

    def __init__(self, run: ImportRun, preparer, on_progress: Callable[[int], None] | None):
        self.run = run
        self.log: WarningLog | None = getattr(preparer, "warning_log", None)
        self.on_progress = on_progress
        self.alive_saved = time.monotonic()
        self.warnings_saved = 0

    def __call__(self, rows: int) -> None:
        if self.on_progress is not None:
            self.on_progress(rows)
        self.save()

    def save(self, *, final: bool = False) -> None:
        fields: dict[str, Any] = {}
        if final or time.monotonic() - self.alive_saved >= ALIVE_SAVE_SECONDS:
            fields["progress_at"] = timezone.now()
            self.alive_saved = time.monotonic()
        if self.log is not None and self.log.count != self.warnings_saved:
            fields["warning_count"] = self.warnings_saved = self.log.count
            fields["warning_rows"] = list(self.log.lines)
        if fields:
            for name, value in fields.items():
                setattr(self.run, name, value)
            ImportRun.objects.filter(pk=self.run.pk).update(**fields)


class ImportFormat:
    """A format of file to import; see the module's docstring."""

    name = ""  # an ImportRun.Format value, what the run records
    kind = Source.Kind.CSV  # what a new source is, unless the operator says otherwise
    takes_mapping = True
    takes_encoding = False
    # What a new source gets unless the operator says otherwise: name, licence,
    # licence_url, attribution, share_alike.
    source_defaults: Mapping[str, Any] = {}

    @property
    def label(self) -> str:
        return ImportRun.Format(self.name).label

    def open(self, path: Path, options: Options) -> ImportFile:
        """The file at `path` ready to read with `options`, or ImportFileError (before
        anything is written: a bad file or a bad option writes nothing)."""
        return import_file_open(path, file_format=self.name)

    def mapping(
        self, *, columns: Sequence[str], saved: Mapping[str, str], given: Mapping[str, str]
    ) -> dict[str, str]:
        """The column mapping of a file with `columns` (the `saved` one of its source, what
        the operator `given`), or ImportFileError; a format with fixed columns has its own."""
        return mapping_resolve(columns=columns, saved=saved, given=given)

    def preparer(self, file: ImportFile, options: Options, *, warn: Callable | None = None):
        """What turns the rows of `file` into listing values: None for the column mapping's
        `RowPreparer`. `warn(line)` tells the operator of a row imported with a doubt."""
        return None

    def execute(self, *, options: Options, tell_left_out: bool = True, **arguments) -> ImportRun:
        """Do the run (`import_run_execute`'s `arguments`), its record kept saying it is
        alive and which rows were imported with a doubt. `tell_left_out`: whether the rows
        that a format leaves out before the importer sees them are told to `on_row`."""
        watch = _RunWatch(arguments["run"], arguments.get("preparer"), arguments.get("on_progress"))
        arguments["on_progress"] = watch
        try:
            return self.run_execute(options=options, tell_left_out=tell_left_out, **arguments)
        finally:
            watch.save(final=True)

    def run_execute(self, *, options: Options, tell_left_out: bool, **arguments) -> ImportRun:
        """What `execute` does of the run itself, this format's way."""
        return import_run_execute(**arguments)

    def notes(self, preparer) -> list[str]:
        """What the operator is told after the run's summary (doubts counted by `preparer`)."""
        return self.warning_notes(getattr(preparer, "warnings", 0))

    def warning_notes(self, count: int) -> list[str]:
        """What is said of `count` rows imported with a doubt (the run's page says it too)."""
        return []

    def source_settings(
        self,
        *,
        slug: str,
        name: str = "",
        kind: str = "",
        publish: bool = False,
        licence: str = "",
        attribution: str = "",
        share_alike: bool = False,
    ) -> dict[str, Any]:
        """The settings of a new source of this format (`source_build`'s arguments): what
        the operator gave, this format's defaults for the rest. Share-alike when the
        operator says so or the format is (and always for OpenStreetMap: `source_build`)."""
        defaults = self.source_defaults
        return {
            "slug": slug,
            "name": name or defaults.get("name") or slug,
            "kind": kind or self.kind,
            "publish": publish,
            "licence": licence or defaults.get("licence", ""),
            # The licence's address goes with the default licence only.
            "licence_url": "" if licence else defaults.get("licence_url", ""),
            "attribution": attribution or defaults.get("attribution", ""),
            "share_alike": share_alike or defaults.get("share_alike", False),
        }


class CsvFormat(ImportFormat):
    name = "csv"
    kind = Source.Kind.CSV
    takes_encoding = True

    def open(self, path: Path, options: Options) -> ImportFile:
        return import_file_open(
            path,
            file_format=self.name,
            encoding=options.get("encoding") or "",
            delimiter=options.get("delimiter") or "",
        )


class GeoJsonFormat(ImportFormat):
    name = "geojson"
    kind = Source.Kind.GEOJSON


class SireneFormat(ImportFormat):
    """INSEE's establishment stock, in the scope of the import (see `sirene`)."""

    name = "sirene"
    kind = Source.Kind.SIRENE
    takes_mapping = False
    source_defaults = {
        "name": "répertoire SIRENE",
        "licence": "Licence Ouverte 2.0",
        "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "attribution": "INSEE, répertoire SIRENE",
    }

    def open(self, path: Path, options: Options) -> SireneFile:
        scope = SireneScope(
            naf_map=NafMap(naf_map_path(options.get("naf_map") or None)),
            departements=options.get("departements") or (),
            communes=options.get("communes") or (),
        )
        file = SireneFile(path, scope=scope)
        if options.get("legal_units"):
            legal_units_check(Path(options["legal_units"]))
        return file

    def mapping(self, *, columns, saved, given) -> dict[str, str]:
        return dict(SIRENE_MAPPING)  # the register's columns are its own

    def preparer(self, file, options, *, warn=None) -> SirenePreparer:
        legal_units = options.get("legal_units")
        return SirenePreparer(file=file, legal_units=Path(legal_units) if legal_units else None)

    def run_execute(self, *, options, tell_left_out, **arguments) -> ImportRun:
        # The rows out of scope are counted (and added to the run's record) whether told or
        # not; the listings outside the territory are left alone (the preparer's `covers`).
        return sirene_run_execute(tell_left_out=tell_left_out, **arguments)


class OsmFormat(ImportFormat):
    """OpenStreetMap exports (see `osm`), their tags read with a category map (`osm_tags`)."""

    name = "osm"
    kind = Source.Kind.OSM
    takes_mapping = False
    source_defaults = {
        "name": "OpenStreetMap",
        "licence": "ODbL 1.0",
        "licence_url": OSM_COPYRIGHT_URL,
        "attribution": "© les contributeurs d'OpenStreetMap",
        "share_alike": True,
    }

    def open(self, path: Path, options: Options) -> OsmFile:
        # The map is checked before the file is read: a bad one writes nothing.
        category_map = category_map_load(options.get("category_map") or None)
        file = OsmFile(path)
        file.category_map = category_map
        return file

    def mapping(self, *, columns, saved, given) -> dict[str, str]:
        return dict(OSM_MAPPING)

    def preparer(self, file, options, *, warn=None) -> OsmRowPreparer:
        # Its warnings (opening hours that cannot be read) go on the run's record too.
        log = WarningLog(forward=warn)
        preparer = OsmRowPreparer(file.category_map, warn=log)
        preparer.warning_log = log
        return preparer

    def warning_notes(self, count: int) -> list[str]:
        warnings = count
        if not warnings:
            return []
        return [
            ngettext(
                "%(count)d opening hours value could not be read (kept as a note).",
                "%(count)d opening hours values could not be read (kept as notes).",
                warnings,
            )
            % {"count": warnings}
        ]


IMPORT_FORMATS: dict[str, ImportFormat] = {
    import_format.name: import_format
    for import_format in (CsvFormat(), GeoJsonFormat(), SireneFormat(), OsmFormat())
}


def import_format_get(name: str) -> ImportFormat:
    """The format `name` ("csv", "geojson", "sirene", "osm"); ValueError for another."""
    try:
        return IMPORT_FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown file format {name!r}") from None


def import_format_choices() -> list[tuple[str, str]]:
    """(name, label) of each format, as a form offers them."""
    return [(import_format.name, import_format.label) for import_format in IMPORT_FORMATS.values()]


# An OpenStreetMap export, as osmtogeojson (overpass-turbo) or Overpass itself writes it: a
# feature whose id is an OSM id, or the "elements" of Overpass JSON.
_OSM_FEATURE_ID = re.compile(rb'"@?id"\s*:\s*"(?:node|way|relation)/\d+"')
_OVERPASS_ELEMENTS = re.compile(rb'"elements"\s*:\s*\[')


def import_format_guess(*, file_name: str, head: bytes = b"") -> str:
    """The format of a file, from its name (.csv; .geojson, .json; INSEE's
    StockEtablissement…csv: SIRENE) and, for JSON, its beginning `head` (up to
    GUESS_HEAD_BYTES): an OpenStreetMap export is "osm", whatever its name says, so that
    its rows are published under the ODbL. CSV by default."""
    name = Path(file_name).name.lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if name.startswith("stocketablissement") and extension == "csv":
        return "sirene"
    if extension not in ("geojson", "json"):
        return "csv"
    head = head[:GUESS_HEAD_BYTES]
    if _OVERPASS_ELEMENTS.search(head) or _OSM_FEATURE_ID.search(head):
        return "osm"
    return "geojson"
