"""`manage.py import_geojson FILE --source SLUG`: import the features of a GeoJSON file."""

from localiste.opendata.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the features of a GeoJSON FeatureCollection into a source: each feature "
        "creates or updates the listing with its key (a property, or the feature's id), "
        "never overwriting a field edited since the last import."
    )
    format_name = "geojson"
