"""GeoJSON FeatureCollections, read one feature at a time.

`json.load` would hold the whole file as Python objects, several times its size (a 100 MB
export would take about a gigabyte). Here the text is read in 64 KiB pieces and each
feature is decoded on its own by the standard library's decoder (written in C), so memory
holds one piece and one feature, whatever the file's size; a feature over
MAX_FEATURE_CHARS is refused. No dependency is needed for that.

A file that ends too early (cut off during a download) or is not valid JSON is refused with
the line and column where it breaks, a value nested too deeply for the decoder with its
line; `scan()` finds it before any row is written.
Coordinates are WGS 84 longitude, latitude (RFC 7946); a file that names another CRS is
refused. A feature's point is its Point geometry, or the mean of the positions of another
geometry (a workshop drawn as a building's outline).
"""

from __future__ import annotations

import json
import re
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

CHUNK_CHARS = 64 * 1024
MAX_FEATURE_CHARS = 1_000_000
# A value cut off at the end of the text read so far makes the decoder fail within this
# many characters of that end ("fals", "\ud83d\ude"); an error before them is the text's.
CUT_TOKEN_CHARS = 16
WGS84_NAMES = ("CRS84", "EPSG::4326", "EPSG:4326", "WGS84")
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class JsonText:
    """A JSON text read a piece at a time; `value()` decodes the next complete value.

    A collection's text (`collection_items`) holds its items in the arrays named `arrays`;
    whether it must say it is a FeatureCollection (`type_required`), and what is said of a
    broken one, is its format's: an OpenStreetMap export's text says it of its own."""

    arrays: tuple[str, ...] = ("features",)
    type_required = True

    def __init__(self, handle):
        self.handle = handle
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.line_base = 1  # the line of the buffer's first character

    def _more(self) -> bool:
        if self.eof:
            return False
        try:
            chunk = self.handle.read(CHUNK_CHARS)
        except UnicodeDecodeError:
            raise ImportFileError(self.not_utf8_message()) from None
        if not chunk:
            self.eof = True
            return False
        self.line_base += self.buffer.count("\n", 0, self.pos)
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.pos = _WHITESPACE.match(self.buffer, self.pos).end()
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def take(self, expected: str) -> None:
        if self.peek() != expected:
            raise self._broken(self.pos)
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self.eof or self._broken_here(error):
                    raise self._broken(error.pos) from None
                if len(self.buffer) - self.pos > MAX_FEATURE_CHARS:
                    raise ImportFileError(
                        self.too_big_message(MAX_FEATURE_CHARS, self._line(self.pos))
                    ) from None
            except RecursionError:
                # Arrays in arrays thousands deep: the decoder recurses once per level.
                raise ImportFileError(self.too_deep_message(self._line(self.pos))) from None
            else:
                # A number that ends the buffer may go on in the next piece.
                if end < len(self.buffer) or self.eof:
                    self.pos = end
                    return value
            self._more()

    def _broken_here(self, error: json.JSONDecodeError) -> bool:
        """Whether `error` is the text's own, not the end of the piece read so far: it is
        before the last few characters, and not a string that the piece cuts off."""
        return error.pos < len(self.buffer) - CUT_TOKEN_CHARS and not error.msg.startswith(
            "Unterminated string"
        )

    def _line(self, pos: int) -> int:
        return self.line_base + self.buffer.count("\n", 0, pos)

    def _broken(self, pos: int) -> ImportFileError:
        # A complete collection ends with "}": a file that does not was cut off, and the
        # operator is told where it ends.
        if self.eof and not self.buffer.rstrip().endswith("}"):
            return ImportFileError(self.cut_off_message(self._line(len(self.buffer.rstrip()))))
        column = pos - (self.buffer.rfind("\n", 0, pos) + 1) + 1
        return ImportFileError(self.invalid_message(self._line(pos), column))

    # What is said of a broken file; another JSON format (an OpenStreetMap export) names
    # itself instead.
    def not_utf8_message(self) -> str:
        return _("The GeoJSON file is not UTF-8 text.")

    def too_big_message(self, size: int, line: int) -> str:
        return _("The GeoJSON file holds an object over %(size)d characters at line %(line)d.") % {
            "size": size,
            "line": line,
        }

    def too_deep_message(self, line: int) -> str:
        return _("The GeoJSON file holds values nested too deeply at line %(line)d.") % {
            "line": line
        }

    def cut_off_message(self, line: int) -> str:
        return _(
            "The GeoJSON file ends too early, at line %(line)d: it was cut off (during a "
            "download or a copy?)."
        ) % {"line": line}

    def invalid_message(self, line: int, column: int) -> str:
        return _("The GeoJSON file is not valid JSON at line %(line)d, column %(column)d.") % {
            "line": line,
            "column": column,
        }

    def not_collection_message(self, kind: str) -> str:
        return _("The GeoJSON file is a “%(kind)s”, not a FeatureCollection.") % {"kind": kind}

    def no_items_message(self) -> str:
        return _("The GeoJSON file has no “features”.")


class GeoJsonFile:
    """A GeoJSON FeatureCollection to import (see the module's docstring)."""

    file_format = "geojson"

    def __init__(self, path: Path):
        self.path = path
        head = file_check(path)
        kind = binary_kind(head)
        if kind:
            raise ImportFileError(not_text_message(kind, "GeoJSON"))
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"{":
            raise ImportFileError(_("This is not a GeoJSON file: it does not start with “{”."))

    def describe(self) -> str:
        return _("GeoJSON, UTF-8")

    def _features(self) -> Iterator[Any]:
        with self.path.open(encoding="utf-8-sig") as handle:
            for _array, feature in collection_items(JsonText(handle)):
                yield feature

    def scan(self) -> Scan:
        """Read the whole file once: its feature count and property names, or ImportFileError."""
        total, columns = 0, {FEATURE_ID: None}
        for feature in self._features():
            total += 1
            properties = feature.get("properties") if isinstance(feature, dict) else None
            if isinstance(properties, dict) and len(columns) < MAX_COLUMNS:
                columns.update(dict.fromkeys(properties))
        return Scan(rows_total=total, columns=tuple(columns))

    def rows(self) -> Iterator[RawRow]:
        for number, feature in enumerate(self._features(), start=1):
            yield feature_row(number, feature)


def collection_items(text: JsonText) -> Iterator[tuple[str, Any]]:
    """(array name, item) for each item of the arrays `text.arrays` of the collection that
    `text` holds, one at a time; its other members are checked as they come, and the whole
    once read (`collection_check`), ImportFileError if it is none."""
    members: dict[str, Any] = {}
    text.take("{")
    while text.peek() != "}":
        name = text.value()
        text.take(":")
        if name in text.arrays:
            members[name] = True
            for item in _array_items(text):
                yield name, item
        else:
            members[name] = text.value()
            collection_check(text, members)
        if text.peek() == ",":
            text.take(",")
        elif text.peek() != "}":
            raise text._broken(text.pos)
    text.take("}")
    if text.peek():
        raise text._broken(text.pos)
    collection_check(text, members, complete=True)


def _array_items(text: JsonText) -> Iterator[Any]:
    text.take("[")
    if text.peek() == "]":
        text.take("]")
        return
    while True:
        yield text.value()
        if text.peek() == ",":
            text.take(",")
            continue
        text.take("]")
        return


def collection_check(text: JsonText, members: dict, *, complete: bool = False) -> None:
    """ImportFileError if the `members` of the collection `text` holds (read so far, or
    all when `complete`) say it is not one: another type, no items, another CRS."""
    kind = members.get("type")
    if (kind is not None or (complete and text.type_required)) and kind != "FeatureCollection":
        raise ImportFileError(text.not_collection_message(kind or "?"))
    if complete and not any(members.get(name) is True for name in text.arrays):
        raise ImportFileError(text.no_items_message())
    crs = members.get("crs")
    name = crs.get("properties", {}).get("name", "") if isinstance(crs, dict) else ""
    if name and not any(str(name).upper().endswith(wgs84) for wgs84 in WGS84_NAMES):
        raise ImportFileError(
            _("The coordinates of this file are in %(crs)s: export it in WGS 84 (EPSG:4326).")
            % {"crs": name}
        )


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def feature_row(number: int, feature: Any, cells: dict[str, Any] | None = None) -> RawRow:
    """The row of one feature: its `cells` (by default its properties, its id as "@id"),
    its point, or why its geometry gives none (a feature without one has no point)."""
    if not isinstance(feature, dict):
        return RawRow(number, {}, problem=("geometry_unusable", {"kind": type(feature).__name__}))
    if cells is None:
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            properties = {}
        cells = {str(name): _cell(value) for name, value in properties.items()}
        if FEATURE_ID not in cells and feature.get("id") is not None:
            cells[FEATURE_ID] = str(feature["id"])
    geometry = feature.get("geometry")
    if geometry is None:
        return RawRow(number, cells)
    point = geometry_point(geometry)
    if point is None:
        kind = geometry.get("type", "?") if isinstance(geometry, dict) else "?"
        return RawRow(number, cells, problem=("geometry_unusable", {"kind": kind}))
    return RawRow(number, cells, point=point)


def geometry_point(geometry: Any) -> tuple[Any, Any] | None:
    """(latitude, longitude) of a geometry: a Point's, else the mean of its positions."""
    if not isinstance(geometry, dict):
        return None
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Point":
        if isinstance(coordinates, list) and len(coordinates) >= 2:
            return coordinates[1], coordinates[0]
        return None
    positions = list(_positions(coordinates))
    if not positions:
        return None
    return (
        sum(lat for _lon, lat in positions) / len(positions),
        sum(lon for lon, _lat in positions) / len(positions),
    )


def _positions(coordinates: Any) -> Iterator[tuple[float, float]]:
    """The (longitude, latitude) positions of nested coordinates, in order, walked without
    recursion (a file may nest them as deep as the decoder takes)."""
    stack = [coordinates]
    while stack:
        item = stack.pop()
        if not isinstance(item, list):
            continue
        if len(item) >= 2 and all(
            isinstance(n, int | float) and not isinstance(n, bool) for n in item[:2]
        ):
            yield float(item[0]), float(item[1])
        else:
            stack.extend(reversed(item))
