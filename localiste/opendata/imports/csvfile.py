"""CSV files as spreadsheets write them: whatever the encoding and the separator.

Encoding: a byte-order mark says UTF-8 or UTF-16; else the whole file is checked as UTF-8
(a streaming check, about 1 GB/s), and a file that is not is Windows-1252, what French
spreadsheets write, or Latin-1 when it holds bytes that Windows-1252 leaves undefined. Both
decode every byte, so no guess can fail half way; the operator may force another
(`--encoding`). Separator: the one of ; , tab | that the header line uses most, outside
quotes (`--delimiter` forces it). Rows are numbered as a spreadsheet numbers them: the
header is row 1.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from localiste.opendata.imports.files import (
    ImportFileError,
    RawRow,
    Scan,
    binary_kind,
    file_check,
    not_text_message,
)

DELIMITERS = (";", ",", "\t", "|")
CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
CHUNK_BYTES = 1024 * 1024
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1 (ISO-8859-1)",
}
_QUOTED = re.compile(r'"[^"]*"')


# No cell of a listing comes near this; a longer one is a broken file.
CELL_MAX_CHARS = 128 * 1024


def encoding_detect(path: Path) -> str:
    """The encoding of the text file at `path` (see the module's docstring)."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        is_utf8, undefined = True, False
        while chunk := handle.read(CHUNK_BYTES):
            if is_utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
            if not is_utf8:
                undefined = undefined or any(byte in chunk for byte in CP1252_UNDEFINED)
        if is_utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                is_utf8 = False
    if is_utf8:
        return "utf-8"
    return "latin-1" if undefined else "cp1252"


def delimiter_detect(header_line: str) -> str:
    """The separator the header line uses most, quoted names aside; ImportFileError if none."""
    unquoted = _QUOTED.sub("", header_line)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    if counts[best] == 0:
        raise ImportFileError(
            _(
                "This does not look like a CSV file: its first line has no column separator "
                "(; , tab or |)."
            )
        )
    return best


class CsvFile:
    """A CSV file to import (see the module's docstring)."""

    file_format = "csv"

    def __init__(self, path: Path, *, encoding: str = "", delimiter: str = ""):
        self.path = path
        head = file_check(path)
        utf16 = head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        kind = None if utf16 else binary_kind(head)
        if kind:
            raise ImportFileError(not_text_message(kind, "CSV"))
        if head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] in (b"{", b"["):
            raise ImportFileError(
                _("This is a JSON file, not a CSV file: import a GeoJSON file with import_geojson.")
            )
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise ImportFileError(
                    _("Unknown encoding “%(encoding)s”.") % {"encoding": encoding}
                ) from None
        self.encoding = encoding or encoding_detect(path)
        with self._open() as handle:
            try:
                header_line = handle.readline()
            except UnicodeDecodeError:
                raise self._encoding_error() from None
        self.delimiter = delimiter or delimiter_detect(header_line)

    def describe(self) -> str:
        separator = {"\t": _("tab")}.get(self.delimiter, self.delimiter)
        return _("%(encoding)s, separator “%(separator)s”") % {
            "encoding": ENCODING_NAMES.get(self.encoding, self.encoding),
            "separator": separator,
        }

    def _open(self):
        return self.path.open(encoding=self.encoding, newline="")

    def _encoding_error(self) -> ImportFileError:
        return ImportFileError(
            _("The file cannot be read as %(encoding)s: give its encoding with --encoding.")
            % {"encoding": ENCODING_NAMES.get(self.encoding, self.encoding)}
        )

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) of every record, the header first; ImportFileError when the
        file breaks (the message names the row)."""
        number = 0
        with self._open() as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            try:
                for number, cells in enumerate(reader, start=1):  # noqa: B007
                    if any(len(cell) > CELL_MAX_CHARS for cell in cells):
                        # An unclosed quote swallows the rest of the file into one cell. The
                        # csv module's own limit is global, and other libraries raise it.
                        number -= 1  # the rows read well end before this one
                        raise csv.Error(
                            _("a cell is longer than %(limit)d characters")
                            % {"limit": CELL_MAX_CHARS}
                        )
                    yield number, cells
            except csv.Error as error:
                raise ImportFileError(
                    _("The CSV file cannot be read after row %(row)d: %(error)s.")
                    % {"row": number, "error": error}
                ) from None
            except UnicodeDecodeError:
                raise self._encoding_error() from None

    def _columns(self, cells: list[str]) -> tuple[str, ...]:
        columns = tuple(cell.strip() for cell in cells)
        named = [column for column in columns if column]
        doubled = sorted({column for column in named if named.count(column) > 1})
        if doubled:
            raise ImportFileError(
                _("The header names the column “%(column)s” twice.") % {"column": doubled[0]}
            )
        return columns

    def scan(self) -> Scan:
        """Read the whole file once: its row count and columns, or ImportFileError."""
        records = self._records()
        first = next(records, None)
        if first is None:
            raise ImportFileError(_("The file is empty."))
        columns = self._columns(first[1])
        total = sum(1 for _number, cells in records if any(cells))
        return Scan(rows_total=total, columns=columns)

    def rows(self) -> Iterator[RawRow]:
        records = self._records()
        first = next(records, None)
        if first is None:
            return
        columns = self._columns(first[1])
        width = len(columns)
        for number, cells in records:
            if not any(cells):
                continue  # a blank line
            problem = None
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                problem = ("extra_cells", {"count": len(cells), "expected": width})
            yield RawRow(number, dict(zip(columns, cells, strict=False)), problem=problem)
