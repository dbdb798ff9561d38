"""CSV text, as CSV files and the SIRENE register share it: its encoding told from its bytes,
its header, and its records read with the guards a broken file needs.

Encoding: UTF-8 when every byte checked decodes as UTF-8; else Windows-1252, what French
spreadsheets write, or Latin-1 when the file holds bytes that Windows-1252 leaves undefined.
Both decode every byte, so no guess can fail half way (`EncodingCheck`, fed a file's bytes a
piece at a time, about 1 GB/s). Records: a cell over CELL_MAX_CHARS (an unclosed quote
swallows the rest of the file into one cell), a line the csv module refuses or a byte that
does not decode stops the reading with the last row read well (`csv_records`).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from localiste.opendata.imports.files import MAX_COLUMNS, ImportFileError

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
# No cell of a listing comes near this; a longer one is a broken file. (The csv module's own
# limit is the same by default, but it is global, and other libraries raise it.)
CELL_MAX_CHARS = 128 * 1024
_QUOTED = re.compile(r'"[^"]*"')


def encoding_name(encoding: str) -> str:
    """The name of `encoding` as the operator knows it ("Windows-1252")."""
    return ENCODING_NAMES.get(encoding, encoding)


class EncodingCheck:
    """Tells the encoding of bytes fed a piece at a time (see the module's docstring). Past
    `utf8_bytes` (None: no limit), pieces are no longer checked as UTF-8."""

    def __init__(self, utf8_bytes: int | None = None):
        self.utf8_bytes = utf8_bytes
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._checked = 0
        self._utf8 = True
        self._undefined = False

    def feed(self, chunk: bytes) -> None:
        self._checked += len(chunk)
        if self._utf8 and (self.utf8_bytes is None or self._checked <= self.utf8_bytes):
            try:
                self._decoder.decode(chunk)
            except UnicodeDecodeError:
                self._utf8 = False
        if not self._utf8:
            self._undefined = self._undefined or any(byte in chunk for byte in CP1252_UNDEFINED)

    def encoding(self) -> str:
        """ "utf-8", "cp1252" or "latin-1", once every piece is fed."""
        if self._utf8 and (self.utf8_bytes is None or self._checked <= self.utf8_bytes):
            try:
                self._decoder.decode(b"", final=True)  # a file ending half way in a letter
            except UnicodeDecodeError:
                self._utf8 = False
        if self._utf8:
            return "utf-8"
        return "latin-1" if self._undefined else "cp1252"


def encoding_detect(path: Path) -> str:
    """The encoding of the text file at `path`: a byte-order mark says UTF-8 or UTF-16, else
    the whole file is checked (`EncodingCheck`)."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        handle.seek(0)
        check = EncodingCheck()
        while chunk := handle.read(CHUNK_BYTES):
            check.feed(chunk)
    return check.encoding()


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


def header_columns(cells: list[str]) -> tuple[str, ...]:
    """The column names of a header's `cells`; ImportFileError for more than MAX_COLUMNS or
    a name given twice."""
    if len(cells) > MAX_COLUMNS:
        raise ImportFileError(
            _(
                "The header has %(count)d columns: an import reads at most %(limit)d. Is this "
                "a table of listings, one a row?"
            )
            % {"count": len(cells), "limit": MAX_COLUMNS}
        )
    columns = tuple(cell.strip() for cell in cells)
    counts = Counter(column for column in columns if column)
    doubled = sorted(column for column, count in counts.items() if count > 1)
    if doubled:
        raise ImportFileError(
            _("The header names the column “%(column)s” twice.") % {"column": doubled[0]}
        )
    return columns


def csv_records(
    lines: Iterable[str],
    *,
    delimiter: str,
    encoding: str,
    first: int = 1,
    line_number: Callable[[], int] | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each record of the CSV text `lines` (decoded with `encoding`),
    numbered from `first`, or by `line_number()` (the number of the line just read) when
    some lines never reach the reader. ImportFileError when the text breaks: the message
    names the last row read well (or the line before the one that broke)."""
    number = first - 1
    try:
        for cells in csv.reader(lines, delimiter=delimiter):
            if cells and max(map(len, cells)) > CELL_MAX_CHARS:
                raise csv.Error(
                    _("a cell is longer than %(limit)d characters") % {"limit": CELL_MAX_CHARS}
                )
            number = line_number() if line_number is not None else number + 1
            yield number, cells
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read after row %(row)d: %(error)s.")
            % {"row": _read_well(number, line_number), "error": error}
        ) from None
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file cannot be read as %(encoding)s after row %(row)d.")
            % {"encoding": encoding_name(encoding), "row": _read_well(number, line_number)}
        ) from None


def _read_well(number: int, line_number: Callable[[], int] | None) -> int:
    return number if line_number is None else max(0, line_number() - 1)
