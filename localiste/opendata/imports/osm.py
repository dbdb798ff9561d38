"""OpenStreetMap exports, read one feature at a time: GeoJSON or Overpass JSON.

Two exports of the same Overpass query are read alike, without the network:

- GeoJSON, as overpass-turbo (osmtogeojson) exports it: a FeatureCollection whose
  features carry the OSM tags as properties (or under "tags"), and their id as "@id" or
  "id" ("node/123", "way/45");
- Overpass JSON (`[out:json]`): {"elements": [{"type": "node", "id": 123, "lat", "lon",
  "tags"}, {"type": "way", "id": 45, "center": {"lat", "lon"}, "tags"}…]}, a way or a
  relation located by its centre (`out center`), its bounds or its geometry. Elements
  without tags are the nodes that draw a way, not features: they are not rows.

Both are streamed by the JSON reader of GeoJSON files (`geojsonfile.JsonText`), so memory
stays flat whatever the export's size. A row's cells are the feature's tags, its key
("@id") the OSM id as "node/123"; `osm_tags` turns them into listing values.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from localiste.opendata.imports.fields import FEATURE_ID
from localiste.opendata.imports.files import (
    MAX_COLUMNS,
    ImportFileError,
    RawRow,
    Scan,
    binary_kind,
    file_check,
    not_text_message,
)
from localiste.opendata.imports.geojsonfile import JsonText, collection_items, feature_row

OSM_TYPES = ("node", "way", "relation")


class _OsmText(JsonText):
    """The JSON text of an export, which names itself when it is broken. Overpass JSON
    does not say its type."""

    arrays = ("features", "elements")
    type_required = False

    def not_utf8_message(self) -> str:
        return _("The OpenStreetMap export is not UTF-8 text.")

    def too_big_message(self, size: int, line: int) -> str:
        return _(
            "The OpenStreetMap export holds an object over %(size)d characters at line %(line)d."
        ) % {"size": size, "line": line}

    def cut_off_message(self, line: int) -> str:
        return _(
            "The OpenStreetMap export ends too early, at line %(line)d: it was cut off "
            "(during a download or a copy?)."
        ) % {"line": line}

    def invalid_message(self, line: int, column: int) -> str:
        return _(
            "The OpenStreetMap export is not valid JSON at line %(line)d, column %(column)d."
        ) % {"line": line, "column": column}

    def too_deep_message(self, line: int) -> str:
        return _("The OpenStreetMap export holds values nested too deeply at line %(line)d.") % {
            "line": line
        }

    def not_collection_message(self, kind: str) -> str:
        return _("The OpenStreetMap export is a “%(kind)s”, not a FeatureCollection.") % {
            "kind": kind
        }

    def no_items_message(self) -> str:
        return _(
            "The file has no “features” (GeoJSON) nor “elements” (Overpass JSON): "
            "export the query as GeoJSON or as Overpass JSON ([out:json])."
        )


class OsmFile:
    """An OpenStreetMap export to import (see the module's docstring)."""

    file_format = "osm"

    def __init__(self, path: Path):
        self.path = path
        self.kind = ""  # "GeoJSON" or "Overpass JSON", once read
        # The category map its tags are read with (`osm_tags.CategoryMap`), which the
        # format loads before the file is read.
        self.category_map = None
        head = file_check(path)
        kind = binary_kind(head)
        if kind:
            raise ImportFileError(not_text_message(kind, "JSON"))
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"{":
            raise ImportFileError(
                _(
                    "This is not an OpenStreetMap export: it does not start with “{” (export "
                    "GeoJSON or Overpass JSON)."
                )
            )

    def describe(self) -> str:
        return _("OpenStreetMap export (%(kind)s), UTF-8") % {"kind": self.kind or "JSON"}

    def _rows(self) -> Iterator[tuple[dict, RawRow]]:
        number = 0
        with self.path.open(encoding="utf-8-sig") as handle:
            for array, item in collection_items(_OsmText(handle)):
                self.kind = "GeoJSON" if array == "features" else "Overpass JSON"
                if not isinstance(item, dict):
                    number += 1
                    yield {}, feature_row(number, item)
                    continue
                tags = _tags(array, item)
                if tags is None:
                    continue  # a way's node, a feature with no tags: not a place
                number += 1
                if array == "features":
                    cells = {**tags, FEATURE_ID: _feature_id(item, tags)}
                    yield tags, feature_row(number, item, cells)
                else:
                    yield tags, _element_row(number, item, tags)

    def scan(self) -> Scan:
        """Read the whole export once: its features and tag names, or ImportFileError."""
        total, columns = 0, {FEATURE_ID: None}
        for tags, _row in self._rows():
            total += 1
            if len(columns) < MAX_COLUMNS:
                columns.update(dict.fromkeys(tags))
        return Scan(rows_total=total, columns=tuple(columns))

    def rows(self) -> Iterator[RawRow]:
        for _tags, row in self._rows():
            yield row


def _tags(array: str, item: dict) -> dict[str, str] | None:
    """The tags of a feature or an element ({name: text}), None when it has none."""
    if array == "features":
        properties = item.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        nested = properties.get("tags")
        tags = {**properties, **nested} if isinstance(nested, dict) else properties
    else:
        tags = item.get("tags")
        if not isinstance(tags, dict) or not tags:
            return None
    tags = {str(name): _text(value) for name, value in tags.items() if not isinstance(value, dict)}
    tags.pop("tags", None)
    return tags


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)


def osm_id(kind: Any, number: Any) -> str:
    """ "node/123" for a node 123 (the way osm.org writes it), "" when it is not one."""
    kind, number = str(kind or "").strip().lower(), str(number or "").strip()
    if kind in OSM_TYPES and number.isdigit():
        return f"{kind}/{number}"
    return ""


def _feature_id(feature: dict, tags: dict) -> str:
    for value in (tags.get("@id"), tags.get("id"), feature.get("id")):
        text = str(value or "").strip()
        kind, slash, number = text.partition("/")
        if slash and osm_id(kind, number):
            return osm_id(kind, number)
    # osmtogeojson's older output: {"type": "node", "id": 123} among the properties.
    return osm_id(tags.get("@type") or tags.get("type"), tags.get("@id") or tags.get("id"))


def _element_row(number: int, element: dict, tags: dict) -> RawRow:
    kind = element.get("type")
    cells = {**tags, FEATURE_ID: osm_id(kind, element.get("id"))}
    point = _element_point(element)
    if point is None:
        return RawRow(number, cells, problem=("geometry_unusable", {"kind": str(kind or "?")}))
    return RawRow(number, cells, point=point)


def _element_point(element: dict) -> tuple[Any, Any] | None:
    """(latitude, longitude) of an Overpass element: a node's, else its centre (`out
    center`), the middle of its bounds, or the mean of its geometry (`out geom`)."""
    if "lat" in element and "lon" in element:
        return element["lat"], element["lon"]
    center = element.get("center")
    if isinstance(center, dict) and "lat" in center and "lon" in center:
        return center["lat"], center["lon"]
    bounds = element.get("bounds")
    try:
        if isinstance(bounds, dict):
            return (
                (float(bounds["minlat"]) + float(bounds["maxlat"])) / 2,
                (float(bounds["minlon"]) + float(bounds["maxlon"])) / 2,
            )
        positions = [
            (float(node["lat"]), float(node["lon"]))
            for node in element.get("geometry") or ()
            if isinstance(node, dict)
        ]
    except (KeyError, TypeError, ValueError):
        return None
    if not positions:
        return None
    return (
        sum(lat for lat, _lon in positions) / len(positions),
        sum(lon for _lat, lon in positions) / len(positions),
    )
