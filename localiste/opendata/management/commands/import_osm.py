"""`manage.py import_osm FILE --source SLUG`: import the crafts and shops of an OpenStreetMap
export (GeoJSON or Overpass JSON)."""

from pathlib import Path

from localiste.opendata.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the craft=* and shop=* features of an OpenStreetMap export (GeoJSON from "
        "overpass-turbo, or Overpass JSON) into a source: each feature creates or updates the "
        "listing with its OSM id as key (node/123), its category from the category map, its "
        "opening hours read into the week; never overwriting a field edited since."
    )
    format_name = "osm"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--category-map",
            type=Path,
            metavar="FILE",
            help="the CSV that gives each craft/shop value its category (tag,value,category); "
            "default: the shipped localiste/opendata/data/osm-categories.csv",
        )

    def format_options(self, options) -> dict:
        return {"category_map": options["category_map"]}
