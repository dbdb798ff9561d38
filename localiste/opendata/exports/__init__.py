"""Open data exports of the published makers: CSV (with its Table Schema), GeoJSON, JSON-LD.

Modules: `rows` (what is public of a maker, read in batches), `formats` (a streaming writer
per format), `files` (atomic writes, the lock), `manifest` (what was written, for the page and
for Frictionless tools), `schema` (the shipped Table Schema) and `run` (the services).
"""

from localiste.opendata.exports.run import ExportRun, opendata_export, opendata_export_if_due

__all__ = ["ExportRun", "opendata_export", "opendata_export_if_due"]
