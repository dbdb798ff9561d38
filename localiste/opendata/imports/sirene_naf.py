"""Which category of the tree a NAF rev. 2 activity is listed in: the SIRENE import's map.

The map is a CSV file that operators may edit: `naf,category,trade`, one activity a line (a
sub-class "16.24Z", a class "16.24", a group "16.2" or a division "16": the longest that
matches an establishment's activity wins), the slug of a category of the tree, and the name
of the trade ("Tonnellerie") that names an establishment which publishes no name of its
own. Which map: `--naf-map FILE`, else settings.IMPORT_SIRENE_NAF_MAP, else the one shipped
(localiste/opendata/data/naf-categories.csv). A map is checked whole before any row is read:
a line outside manufacturing (divisions 13 to 33), food and drink (10 to 12) above all, or
naming a category that the tree lacks is refused with its line number.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from localiste.catalog.models import Category
from localiste.opendata.imports.files import ImportFileError

SHIPPED_MAP = Path(__file__).resolve().parent.parent / "data" / "naf-categories.csv"
FOOD_DIVISIONS = frozenset({"10", "11", "12"})
MANUFACTURING_DIVISIONS = frozenset(str(division) for division in range(13, 34))
# A NAF rev. 2 code as the register writes it ("16.24Z"), or a prefix of one, dot optional.
_CODE = re.compile(r"^\d{2}(\.?\d{1,2}[A-Z]?)?$")


@dataclass(frozen=True)
class NafEntry:
    """What the map says of an activity: its category, and the trade's name ("" if none)."""

    category: Category
    trade: str


def naf_compact(code: str) -> str:
    """A NAF code without its dot, upper-case: "16.24Z" → "1624Z"."""
    return code.strip().replace(".", "").upper()


def naf_map_path(given: Path | str | None = None) -> Path:
    """The map to use: the one given, else the site's setting, else the one shipped."""
    chosen = given or getattr(settings, "IMPORT_SIRENE_NAF_MAP", "") or SHIPPED_MAP
    return Path(chosen)


class NafMap:
    """The map of one import, read and checked once (see the module's docstring)."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, NafEntry] = {}
        self._found: dict[str, NafEntry | None] = {}
        categories = {category.slug: category for category in Category.objects.all()}
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                lines = [
                    (number, cells)
                    for number, cells in enumerate(csv.reader(handle), start=1)
                    if cells and not cells[0].lstrip().startswith("#")
                ]
        except OSError:
            message = _("There is no NAF mapping at %(path)s.") % {"path": path}
            raise ImportFileError(message) from None
        except (UnicodeDecodeError, csv.Error):
            raise ImportFileError(
                _("The NAF mapping %(path)s is not a UTF-8 CSV file.") % {"path": path}
            ) from None
        if lines and naf_compact(lines[0][1][0]) == "NAF":
            lines = lines[1:]  # the header
        for number, cells in lines:
            self._add(number, cells, categories)

    def _refuse(self, number: int, problem: str) -> ImportFileError:
        return ImportFileError(
            _("The NAF mapping %(path)s, line %(line)d: %(problem)s")
            % {"path": self.path.name, "line": number, "problem": problem}
        )

    def _add(self, number: int, cells: list[str], categories: dict[str, Category]) -> None:
        code, slug = cells[0].strip(), (cells[1].strip() if len(cells) > 1 else "")
        trade = cells[2].strip() if len(cells) > 2 else ""
        if not _CODE.match(code.upper()):
            raise self._refuse(number, _("“%(code)s” is not a NAF code.") % {"code": code})
        division = code[:2]
        if division in FOOD_DIVISIONS:
            raise self._refuse(
                number,
                _("%(code)s is food or drink: the directory lists non-food goods only.")
                % {"code": code},
            )
        if division not in MANUFACTURING_DIVISIONS:
            raise self._refuse(
                number,
                _("%(code)s is not manufacturing (NAF divisions 13 to 33).") % {"code": code},
            )
        if slug not in categories:
            raise self._refuse(
                number, _("there is no category “%(slug)s” in the tree.") % {"slug": slug}
            )
        self.entries[naf_compact(code)] = NafEntry(categories[slug], trade)

    def find(self, code: str) -> NafEntry | None:
        """The entry of the activity `code` ("16.24Z"), or None when the map has none."""
        if code not in self._found:
            compact = naf_compact(code)
            entry = None
            for length in (5, 4, 3, 2):
                entry = self.entries.get(compact[:length])
                if entry is not None:
                    break
            # A register names about 700 activities: the answers are kept, bounded by that.
            if len(self._found) < 10_000:
                self._found[code] = entry
            return entry
        return self._found[code]
