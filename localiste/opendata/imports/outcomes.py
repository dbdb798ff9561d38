"""The outcome of each row of a run: written as a CSV file (a dry run's on the staff page,
`--report` of the commands), and read back a page at a time."""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from localiste.opendata.imports.files import ImportFileError
from localiste.opendata.imports.runs import ACTION_LABELS, RowResult
from localiste.opendata.imports.uploads import import_upload_root
from localiste.opendata.models import ImportRun

OUTCOMES_PER_PAGE = 50


class OutcomeReport:
    """Every row's outcome as a CSV file: row, key, outcome, reason, fields kept (a dry
    run's table on the page; `--report` of the commands)."""

    def __init__(self, path: Path):
        try:
            self.handle = path.open("w", encoding="utf-8", newline="")
        except OSError as error:
            raise ImportFileError(
                _("The report cannot be written to %(path)s: %(error)s")
                % {"path": path, "error": error.strerror}
            ) from None
        self.writer = csv.writer(self.handle)
        self.writer.writerow([_("row"), _("key"), _("outcome"), _("reason"), _("fields kept")])

    def write(self, result: RowResult) -> None:
        self.writer.writerow(
            [
                result.number,
                result.key,
                str(ACTION_LABELS[result.action]),
                result.message,
                " ".join(result.kept),
            ]
        )

    def close(self) -> None:
        self.handle.close()


def outcomes_path(run: ImportRun) -> Path:
    """Where the outcome of each row of the dry run `run` is written."""
    return import_upload_root() / Path(run.upload).parts[0] / f"outcomes-{run.pk}.csv"


@dataclass(frozen=True)
class Outcome:
    row: int
    key: str
    outcome: str
    reason: str


@dataclass(frozen=True)
class OutcomesPage:
    outcomes: list[Outcome]
    number: int
    pages: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def import_outcomes_page(
    *, run: ImportRun, page: int, per_page: int = OUTCOMES_PER_PAGE
) -> OutcomesPage | None:
    """Page `page` of the rows' outcomes of the dry run `run` (in the language it was run
    in); None when they are not kept (not a dry run, or its folder was deleted)."""
    if not run.dry_run or not run.upload:
        return None
    path = outcomes_path(run)
    if not path.is_file():
        return None
    pages = max(1, -(-run.rows_done // per_page))
    number = min(max(1, page), pages)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = csv.reader(handle)
        next(lines, None)  # the header
        start = (number - 1) * per_page
        outcomes = [
            Outcome(int(cells[0]), cells[1], cells[2], cells[3])
            for cells in itertools.islice(lines, start, start + per_page)
            if len(cells) >= 4
        ]
    return OutcomesPage(outcomes=outcomes, number=number, pages=pages)
