"""GeoJSON FeatureCollections, read one feature at a time.

`json.load` would hold the whole file as Python objects, several times its size (a 100 MB
export would take about a gigabyte). Here the text is read in 64 KiB pieces and each
feature is decoded on its own by the standard library's decoder (written in C), so memory
holds one piece and one feature, whatever the file's size; a feature over
MAX_FEATURE_CHARS is refused. No dependency is needed for that.

A file that ends too early (cut off during a download) or is not valid JSON is refused with
the line and column where it breaks; `scan()` finds it before any row is written.
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
    ImportFileError,
    RawRow,
    Scan,
    binary_kind,
    file_check,
    not_text_message,
)

CHUNK_CHARS = 64 * 1024
MAX_FEATURE_CHARS = 1_000_000
MAX_COLUMNS = 500
WGS84_NAMES = ("CRS84", "EPSG::4326", "EPSG:4326", "WGS84")
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _JsonText:
    """A JSON text read a piece at a time; `value()` decodes the next complete value."""

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
            raise ImportFileError(_("The GeoJSON file is not UTF-8 text.")) from None
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
                if self.eof:
                    raise self._broken(error.pos) from None
                if len(self.buffer) - self.pos > MAX_FEATURE_CHARS:
                    raise ImportFileError(
                        _(
                            "The GeoJSON file holds an object over %(size)d characters at "
                            "line %(line)d."
                        )
                        % {"size": MAX_FEATURE_CHARS, "line": self._line(self.pos)}
                    ) from None
            else:
                # A number that ends the buffer may go on in the next piece.
                if end < len(self.buffer) or self.eof:
                    self.pos = end
                    return value
            self._more()

    def _line(self, pos: int) -> int:
        return self.line_base + self.buffer.count("\n", 0, pos)

    def _broken(self, pos: int) -> ImportFileError:
        # A complete collection ends with "}": a file that does not was cut off, and the
        # operator is told where it ends.
        if self.eof and not self.buffer.rstrip().endswith("}"):
            return ImportFileError(
                _(
                    "The GeoJSON file ends too early, at line %(line)d: it was cut off "
                    "(during a download or a copy?)."
                )
                % {"line": self._line(len(self.buffer.rstrip()))}
            )
        column = pos - (self.buffer.rfind("\n", 0, pos) + 1) + 1
        return ImportFileError(
            _("The GeoJSON file is not valid JSON at line %(line)d, column %(column)d.")
            % {"line": self._line(pos), "column": column}
        )


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

    def _features(self, members: dict) -> Iterator[Any]:
        """Each feature of the collection; `members` receives its other members."""
        with self.path.open(encoding="utf-8-sig") as handle:
            text = _JsonText(handle)
            text.take("{")
            while text.peek() != "}":
                name = text.value()
                text.take(":")
                if name == "features":
                    members["features"] = True
                    yield from self._array(text)
                else:
                    members[name] = text.value()
                    _collection_check(members)
                if text.peek() == ",":
                    text.take(",")
                elif text.peek() != "}":
                    raise text._broken(text.pos)
            text.take("}")
            if text.peek():
                raise text._broken(text.pos)
        _collection_check(members, complete=True)

    def _array(self, text: _JsonText) -> Iterator[Any]:
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

    def scan(self) -> Scan:
        """Read the whole file once: its feature count and property names, or ImportFileError."""
        members: dict = {}
        total, columns = 0, {FEATURE_ID: None}
        for feature in self._features(members):
            total += 1
            properties = feature.get("properties") if isinstance(feature, dict) else None
            if isinstance(properties, dict) and len(columns) < MAX_COLUMNS:
                columns.update(dict.fromkeys(properties))
        return Scan(rows_total=total, columns=tuple(columns))

    def rows(self) -> Iterator[RawRow]:
        members: dict = {}
        for number, feature in enumerate(self._features(members), start=1):
            yield feature_row(number, feature)


def _collection_check(members: dict, *, complete: bool = False) -> None:
    kind = members.get("type")
    if (kind is not None or complete) and kind != "FeatureCollection":
        raise ImportFileError(
            _("The GeoJSON file is a “%(kind)s”, not a FeatureCollection.") % {"kind": kind or "?"}
        )
    if complete and not members.get("features"):
        raise ImportFileError(_("The GeoJSON file has no “features”."))
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


def feature_row(number: int, feature: Any) -> RawRow:
    """The row of one feature: its properties as cells (its id as "@id"), its point."""
    if not isinstance(feature, dict):
        return RawRow(number, {}, problem=("geometry_unusable", {"kind": type(feature).__name__}))
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
    if (
        isinstance(coordinates, list)
        and len(coordinates) >= 2
        and all(isinstance(n, int | float) and not isinstance(n, bool) for n in coordinates[:2])
    ):
        yield float(coordinates[0]), float(coordinates[1])
    elif isinstance(coordinates, list):
        for item in coordinates:
            yield from _positions(item)
