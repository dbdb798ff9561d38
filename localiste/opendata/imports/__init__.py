"""Imports of listings from files: CSV and GeoJSON, with a column mapping saved per source.

    file = import_file_open(path, file_format="csv")   # ImportFileError if it cannot be
    scan = file.scan()                                  # read whole, before any write
    mapping = mapping_resolve(columns=scan.columns, saved=source.mapping, given={...})
    run = import_run_create(source=source, file=file, dry_run=True, mapping=mapping)
    import_run_execute(run=run, file=file, scan=scan)   # the ImportRun says how it went

Modules: `files` (opening, checks, rows as the file gives them), `csvfile` and `geojsonfile`
(the two formats), `fields` (the mapping), `rows` (a row into listing values), `categories`
and `locate` (a row's category, commune and point), `reasons` (why a row is skipped),
`seen` (keys given twice), `runs` (the run and its record), `command` (what
`manage.py import_csv` and `import_geojson` share). Writing listings is
`localiste.makers.services.imports`.
"""

from localiste.opendata.imports.fields import FIELDS, mapping_parse, mapping_resolve
from localiste.opendata.imports.files import ImportFileError, import_file_open
from localiste.opendata.imports.runs import (
    RowResult,
    import_run_create,
    import_run_execute,
    import_run_summary,
)

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
