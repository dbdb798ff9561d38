"""Files to import: opened, checked whole before anything is written, then read row by row.

Opening a file (`import_file_open`) checks what can be seen at once: that it exists, its
size (settings.IMPORT_MAX_BYTES), that it is text of the expected kind. `scan()` then reads
it all without keeping it (a truncated GeoJSON, a CSV that breaks at row 80,000 or a wrong
encoding is found before any listing is written) and counts its rows for the progress bar;
`rows()` gives them one at a time, so that memory stays flat whatever the file's size.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What the first bytes of a file say it is, when it is not text.
MAGIC = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0", "xls"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"\x1f\x8b", "gzip"),
)
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
# The most columns a file is read with (a CSV header's, a GeoJSON file's property names).
MAX_COLUMNS = 500


class ImportFileError(Exception):
    """A file that cannot be imported; the message says why, in the operator's language."""


@dataclass(frozen=True)
class RawRow:
    """One row as the file gives it: its number (as a spreadsheet or a viewer shows it), its
    cells by column, and for GeoJSON the point of its geometry (latitude, longitude)."""

    number: int
    cells: Mapping[str, Any]
    point: tuple[Any, Any] | None = None
    # Something wrong with the row itself (a reason of reasons.REASONS and its parameters).
    problem: tuple[str, dict] | None = None


@dataclass(frozen=True)
class Scan:
    rows_total: int
    columns: tuple[str, ...]


class ImportFile(Protocol):
    path: Path
    file_format: str

    def describe(self) -> str:
        """How the file was read (encoding, separator), for the operator."""

    def scan(self) -> Scan: ...

    def rows(self) -> Iterator[RawRow]: ...


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def file_check(path: Path, *, size_limited: bool = True) -> bytes:
    """The first 64 KiB of `path`, once it is known to exist, to hold something and not to
    be over the size limit (unless not `size_limited`: a register's national file, read
    from the server's disk, weighs gigabytes); else ImportFileError."""
    try:
        size = path.stat().st_size
    except OSError:
        raise ImportFileError(_("There is no file at %(path)s.") % {"path": path}) from None
    if not path.is_file():
        raise ImportFileError(_("%(path)s is not a file.") % {"path": path})
    if size_limited and size > max_bytes():
        raise ImportFileError(
            _("The file weighs %(size)s, over the limit of %(limit)s (IMPORT_MAX_BYTES).")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if not head.strip():
        raise ImportFileError(_("The file is empty."))
    return head


def binary_kind(head: bytes) -> str | None:
    """What a file that is not text is ("zip", "pdf"…, "binary"), or None for text."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary"
    return None


def not_text_message(kind: str, expected: str) -> str:
    """Why a file of `kind` (binary_kind) cannot be imported as `expected` ("CSV"…)."""
    if kind in ("zip", "xls"):
        return _(
            "This is not a %(expected)s file but a spreadsheet workbook or an archive: save "
            "the sheet as %(expected)s first."
        ) % {"expected": expected}
    return _("This is not a %(expected)s file (it holds binary data: %(kind)s).") % {
        "expected": expected,
        "kind": kind,
    }


def import_file_open(
    path: Path | str, *, file_format: str, encoding: str = "", delimiter: str = ""
) -> ImportFile:
    """The file at `path` ready to read as `file_format` ("csv", "geojson"), or
    ImportFileError. `encoding` and `delimiter` (CSV) override what is detected."""
    from localiste.opendata.imports.csvfile import CsvFile
    from localiste.opendata.imports.geojsonfile import GeoJsonFile

    path = Path(path)
    if file_format == "csv":
        return CsvFile(path, encoding=encoding, delimiter=delimiter)
    if file_format == "geojson":
        return GeoJsonFile(path)
    raise ValueError(f"unknown file format {file_format!r}")
