"""Imports of listings from files: CSV and GeoJSON, with a column mapping saved per source;
the SIRENE register and OpenStreetMap exports, with columns of their own.

    file = import_file_open(path, file_format="csv")   # ImportFileError if it cannot be
    scan = file.scan()                                  # read whole, before any write
    mapping = mapping_resolve(columns=scan.columns, saved=source.mapping, given={...})
    run = import_run_create(source=source, file=file, dry_run=True, mapping=mapping)
    import_run_execute(run=run, file=file, scan=scan)   # the ImportRun says how it went

Modules: `files` (opening, checks, rows as the file gives them), `csvfile` and `geojsonfile`
(the two formats), `fields` (the mapping), `rows` (a row into listing values), `categories`
and `locate` (a row's category, commune and point), `reasons` (why a row is skipped),
`seen` (keys given twice), `runs` (the run and its record). Writing listings is
`localiste.makers.services.imports`.

`formats` says each format once (how its file is opened, whether it takes a mapping, its
options, its preparer, its run, a new source's licence): `command` (what the four
`manage.py import_*` share) and `service` (the staff page, with `uploads` and `outcomes`)
both go through it.

OpenStreetMap exports (`manage.py import_osm`): `osm` (GeoJSON or Overpass JSON, streamed),
`osm_tags` (tags into listing values, the category map), `osm_hours` (`opening_hours` into
the week); their rows go through `import_run_execute` with an `OsmRowPreparer`.

The SIRENE register (`manage.py import_sirene`): `sirene` (the scope: territory, open
establishments, manufacturing activities; the run), `sirene_file` (the establishment stock,
streamed, rows out of scope counted), `sirene_naf` (the NAF → category map), `sirene_rows`
(names, addresses, Lambert-93 points, what a non-diffusible establishment keeps to itself);
their rows go through `import_run_execute` with a `SirenePreparer`.
"""

from localiste.opendata.imports.fields import FIELDS, mapping_parse, mapping_resolve
from localiste.opendata.imports.files import ImportFileError, import_file_open
from localiste.opendata.imports.runs import (
    RowResult,
    import_run_create,
    import_run_execute,
)
from localiste.opendata.imports.summary import import_run_summary

__all__ = [
    "FIELDS",
    "ImportFileError",
    "RowResult",
    "import_file_open",
    "import_run_create",
    "import_run_execute",
    "import_run_summary",
    "mapping_parse",
    "mapping_resolve",
]
