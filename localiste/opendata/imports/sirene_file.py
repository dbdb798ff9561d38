"""Reading a `StockEtablissement` CSV file in the scope of an import (see `sirene`).

The scan counts lines and tells the encoding at the speed of the disk; the rows in scope
are given to the importer, the others counted by reason, the first ones kept for the run's
record, told to the operator when a dry run names every row. With a territory chosen, a
line that cannot be in it (it holds no ",33" for the Gironde) is counted out without being
parsed as CSV, once nothing is to be told or kept of it (`SireneFile._lines`).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from localiste.opendata.imports.csvtext import (
    CHUNK_BYTES,
    EncodingCheck,
    csv_records,
    delimiter_detect,
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
from localiste.opendata.imports.reasons import Skip, reason_message
from localiste.opendata.imports.sirene import (
    ACTIVITY,
    COLUMNS,
    COMMUNE,
    DIFFUSION,
    ENCODING_CHECK_BYTES,
    NOMENCLATURE,
    PROGRESS_EVERY,
    REQUIRED,
    SIREN,
    SIRET,
    STATE,
    SireneScope,
)


class SireneFile:
    """A `StockEtablissement` CSV file, read in the import's scope (an ImportFile)."""

    file_format = "sirene"

    def __init__(self, path: Path | str, *, scope: SireneScope):
        self.path = Path(path)
        self.scope = scope
        head = file_check(self.path, size_limited=False)
        kind = binary_kind(head)
        if kind in ("zip", "gzip"):
            raise ImportFileError(
                _("This is a compressed archive: unzip it first (INSEE ships the stock as a zip).")
            )
        if kind:
            raise ImportFileError(not_text_message(kind, "CSV"))
        self.encoding = "utf-8-sig"
        first_line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
        self.delimiter = delimiter_detect(first_line)
        header = next(csv.reader([first_line.lstrip("\ufeff")], delimiter=self.delimiter))
        self.columns = header_columns(header)
        missing = [column for column in REQUIRED if column not in self.columns]
        if missing:
            raise ImportFileError(
                _(
                    "This is not a SIRENE establishment stock (StockEtablissement): no column "
                    "%(columns)s."
                )
                % {"columns": ", ".join(f"“{column}”" for column in missing)}
            )
        # What the run is told of the rows it never sees, and what it keeps of them.
        self.on_left_out: Callable[[int, str, Skip], None] | None = None
        self.on_progress: Callable[[int], None] | None = None
        self.left_out: Counter[str] = Counter()
        self.left_out_rows: list[dict] = []
        self._pending = 0  # rows left out since the progress was last told
        self.rows_kept = max(1, int(getattr(settings, "IMPORT_ROWS_KEPT", 1000)))

    def describe(self) -> str:
        return _("SIRENE establishment stock, %(encoding)s") % {
            "encoding": encoding_name(self.encoding)
        }

    def scan(self) -> Scan:
        """The rows of the file, counted as lines, and its encoding, in one pass over its
        bytes (see the module's docstring)."""
        check = EncodingCheck(utf8_bytes=ENCODING_CHECK_BYTES)
        lines, last = 0, b"\n"
        with self.path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
                check.feed(chunk)
        if last != b"\n":
            lines += 1
        if check.encoding() != "utf-8":
            self.encoding = check.encoding()
        return Scan(rows_total=max(0, lines - 1), columns=self.columns)

    def _lines(self, handle, current: list[int], territory: tuple[str, ...]) -> Iterator[str]:
        """The lines of `handle` after the header (read first), for the CSV reader, their
        number kept in `current`. With `territory` (the texts that a line in the territory
        must hold: ",33" for the Gironde), a line that holds none of them is counted out
        without being read as CSV, once the rows kept for the record are in and none is to
        be told: a département's share of the national file is read at the speed of the
        disk. A line with a quote, and the lines of a quoted cell, always go to the
        reader."""
        handle.readline()  # the header
        quoted = False
        search = re.compile("|".join(map(re.escape, territory))).search if territory else None
        for number, line in enumerate(handle, start=2):
            current[0] = number
            if quoted or '"' in line:
                if line.count('"') % 2:
                    quoted = not quoted
                yield line
            elif search is not None and self._only_count and not search(line):
                self.left_out["sirene_territory"] += 1
                self._pending += 1
                if self._pending >= PROGRESS_EVERY and self.on_progress is not None:
                    self.on_progress(self._pending)
                    self._pending = 0
            else:
                yield line

    @property
    def _only_count(self) -> bool:
        """Whether a row left out now goes untold and unkept (it is only counted)."""
        return self.on_left_out is None and len(self.left_out_rows) >= self.rows_kept

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) of the rows after the header that may be in scope (see
        `_lines`); ImportFileError when the file breaks (the message names the row)."""
        current = [1]
        width = len(self.columns)
        territory = ()
        if self.scope.filtered and self.columns.index(COMMUNE) > 0:
            territory = tuple(
                self.delimiter + code for code in self.scope.departements | self.scope.communes
            )
        with self.path.open(encoding=self.encoding, newline="") as handle:
            records = csv_records(
                self._lines(handle, current, territory),
                delimiter=self.delimiter,
                encoding=self.encoding,
                line_number=lambda: current[0],
            )
            for number, cells in records:
                if len(cells) != width:
                    if not cells:
                        continue  # a blank line
                    cells = (cells + [""] * width)[:width]
                yield number, cells

    def _indexes(self) -> dict[str, int | None]:
        columns = self.columns
        return {name: columns.index(name) if name in columns else None for name in COLUMNS}

    def in_scope(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number, {column: cell} of COLUMNS) of each row in scope; the others counted,
        kept for the record (the first ones) and told (`on_left_out`, `on_progress`)."""
        at = self._indexes()
        state, activity, commune = at[STATE], at[ACTIVITY], at[COMMUNE]
        nomenclature, siret = at[NOMENCLATURE], at[SIRET]
        wanted = [(name, index) for name, index in at.items() if index is not None]
        scope, counts = self.scope, self.left_out
        self._pending = 0
        for number, cells in self._records():
            if scope.filtered and not scope.covers(cells[commune]):
                found = ("sirene_territory", {"code": cells[commune] or "—"})
            elif cells[state] != "A":
                found = ("sirene_closed", {})
            else:
                found = scope.activity_left_out(
                    cells[activity], "" if nomenclature is None else cells[nomenclature]
                )
                if found is None:
                    yield number, {name: cells[index] for name, index in wanted}
                    continue
            if self._only_count:
                counts[found[0]] += 1
            else:
                self._left_out(number, cells[siret].strip(), found)
            self._pending += 1
            if self._pending >= PROGRESS_EVERY and self.on_progress is not None:
                self.on_progress(self._pending)
                self._pending = 0
        if self._pending and self.on_progress is not None:
            self.on_progress(self._pending)

    def _left_out(self, number: int, siret: str, found: tuple[str, dict]) -> None:
        reason, params = found
        self.left_out[reason] += 1
        if len(self.left_out_rows) < self.rows_kept:
            self.left_out_rows.append(
                {
                    "row": number,
                    "key": siret,
                    "reason": reason,
                    "params": {name: str(value) for name, value in params.items()},
                    "message": reason_message(reason, params),
                }
            )
        if self.on_left_out is not None:
            self.on_left_out(number, siret, Skip(reason, **params))

    def rows(self) -> Iterator[RawRow]:
        for number, cells in self.in_scope():
            yield RawRow(number, cells)

    def sirens_in_scope(self) -> set[str]:
        """The SIREN of each establishment in scope that publishes its data (a legal unit's
        name is looked up for them only); nothing is counted or told."""
        listening = self.on_left_out, self.on_progress, self.left_out, self.left_out_rows
        self.on_left_out = self.on_progress = None
        self.left_out, self.left_out_rows = Counter(), []
        try:
            return {
                cells.get(SIREN) or cells[SIRET][:9]
                for _number, cells in self.in_scope()
                if cells.get(DIFFUSION, "O") == "O"
            }
        finally:
            self.on_left_out, self.on_progress, self.left_out, self.left_out_rows = listening
