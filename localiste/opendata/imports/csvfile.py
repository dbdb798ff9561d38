"""CSV files as spreadsheets write them: whatever the encoding and the separator.

Encoding: a byte-order mark says UTF-8 or UTF-16; else the whole file is checked as UTF-8
(a streaming check, about 1 GB/s), and a file that is not is Windows-1252, what French
spreadsheets write, or Latin-1 when it holds bytes that Windows-1252 leaves undefined. Both
decode every byte, so no guess can fail half way; the operator may force another
(`--encoding`). Separator: the one of ; , tab | that the header line uses most, outside
quotes (`--delimiter` forces it). Rows are numbered as a spreadsheet numbers them: the
header is row 1. The checks and the reader are `csvtext`'s, which the SIRENE register's
file shares.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from localiste.opendata.imports.csvtext import (
    csv_records,
    delimiter_detect,
    encoding_detect,
    encoding_name,
    header_columns,
)
from localiste.opendata.imports.files import (
    ImportFileError,
    RawRow,
    Scan,
    binary_kind,
    file_check,
    not_text_message,
)

__all__ = ["CsvFile", "delimiter_detect", "encoding_detect"]


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
            raise ImportFileError(_("This is a JSON file, not a CSV file: import it as GeoJSON."))
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
            "encoding": encoding_name(self.encoding),
            "separator": separator,
        }

    def _open(self):
        return self.path.open(encoding=self.encoding, newline="")

    def _encoding_error(self) -> ImportFileError:
        return ImportFileError(
            _("The file cannot be read as %(encoding)s: choose its encoding.")
            % {"encoding": encoding_name(self.encoding)}
        )

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) of every record, the header first; ImportFileError when the
        file breaks (the message names the row)."""
        with self._open() as handle:
            yield from csv_records(handle, delimiter=self.delimiter, encoding=self.encoding)

    def scan(self) -> Scan:
        """Read the whole file once: its row count and columns, or ImportFileError."""
        records = self._records()
        first = next(records, None)
        if first is None:
            raise ImportFileError(_("The file is empty."))
        columns = header_columns(first[1])
        total = sum(1 for _number, cells in records if any(cells))
        return Scan(rows_total=total, columns=columns)

    def rows(self) -> Iterator[RawRow]:
        records = self._records()
        first = next(records, None)
        if first is None:
            return
        columns = header_columns(first[1])
        width = len(columns)
        for number, cells in records:
            if not any(cells):
                continue  # a blank line
            problem = None
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                problem = ("extra_cells", {"count": len(cells), "expected": width})
            yield RawRow(number, dict(zip(columns, cells, strict=False)), problem=problem)
