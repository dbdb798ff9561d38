"""The SIRENE register's establishment stock (INSEE's `StockEtablissement` CSV), imported.

    scope = SireneScope(naf_map=NafMap(naf_map_path()), departements=["33"])  # sirene_naf
    file = SireneFile(path, scope=scope)                  # sirene_file: ImportFileError
    preparer = SirenePreparer(file=file)                  # sirene_rows: names, points
    sirene_run_execute(run=run, file=file, preparer=preparer, source=source, ...)

The national file weighs several gigabytes and lists some forty million establishments, of
which the directory wants a few in a hundred: it is read once, as a stream, and each row is
first checked against the import's scope (`SireneScope`), in this order: the chosen
départements and communes (`--departement 33`, `--commune 33063`; "20" stands for both
Corsicas, 2A and 2B), then open establishments only (`etatAdministratifEtablissement` A),
then the activity (`activitePrincipaleEtablissement`): never food and drink (NAF divisions
10 to 12), manufacturing only (13 to 33), and only the activities that the NAF map gives a
category (`sirene_naf`). A row left out is counted by its reason and told to the operator
(every one in a dry run), but never reaches the importer's batches: they hold the rows in
scope only, so that memory stays flat however few rows a filter keeps.

Rows in scope go through the importer like any file's (`runs.import_run_execute`): the
same duplicate keys (the SIRET), values checked, batches, outcomes. What the left-out rows
add to the run's record (their counts and reasons, the first rows) is written when the run
ends (`sirene_run_execute`). A listing of the source that the file no longer gives in scope
(an establishment closed since) is flagged as no longer in the source, within the
départements and communes the run covers.

The scan before the run reads the file as bytes, at the speed of the disk: it counts its
lines (the register's cells hold no line breaks: a row is a line, and the progress bar's
total) and tells its encoding from its first 256 MiB (UTF-8, as INSEE ships it; else
Windows-1252 or Latin-1, as `csvtext` tells them apart). A row that the CSV reader cannot
read stops the run with its number (batches written before it stay written). With a
territory chosen, a line that cannot be in it is counted out without being parsed as CSV:
a département's import reads the national file several times faster than a national one.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from localiste.makers.services import ImportAction
from localiste.opendata.imports.files import (
    ImportFileError,
)
from localiste.opendata.imports.reasons import Skip
from localiste.opendata.imports.runs import RowResult, import_run_execute
from localiste.opendata.imports.sirene_naf import FOOD_DIVISIONS, MANUFACTURING_DIVISIONS, NafMap
from localiste.opendata.models import ImportRun

if TYPE_CHECKING:
    from localiste.opendata.imports.sirene_file import SireneFile

SIRET = "siret"
SIREN = "siren"
ACTIVITY = "activitePrincipaleEtablissement"
NOMENCLATURE = "nomenclatureActivitePrincipaleEtablissement"
STATE = "etatAdministratifEtablissement"
DIFFUSION = "statutDiffusionEtablissement"
COMMUNE = "codeCommuneEtablissement"
# The columns the import reads (the official file has some fifty more).
COLUMNS = (
    SIRET, SIREN, ACTIVITY, NOMENCLATURE, STATE, DIFFUSION,
    "denominationUsuelleEtablissement", "enseigne1Etablissement", "numeroVoieEtablissement",
    "indiceRepetitionEtablissement", "typeVoieEtablissement", "libelleVoieEtablissement",
    "codePostalEtablissement", "libelleCommuneEtablissement", COMMUNE,
    "coordonneeLambertAbscisseEtablissement", "coordonneeLambertOrdonneeEtablissement",
)  # fmt: skip
REQUIRED = (SIRET, ACTIVITY, STATE, COMMUNE)
# The header of the stock as INSEE ships it (2024), for tests and the bench: rows are read by
# column name, whatever their order and whichever columns the file adds or lacks.
STOCK_COLUMNS = (
    "siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement",
    "trancheEffectifsEtablissement", "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement", "dateDernierTraitementEtablissement",
    "etablissementSiege", "nombrePeriodesEtablissement", "complementAdresseEtablissement",
    "numeroVoieEtablissement", "indiceRepetitionEtablissement",
    "dernierNumeroVoieEtablissement", "indiceRepetitionDernierNumeroVoieEtablissement",
    "typeVoieEtablissement", "libelleVoieEtablissement", "codePostalEtablissement",
    "libelleCommuneEtablissement", "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement", "codeCommuneEtablissement", "codeCedexEtablissement",
    "libelleCedexEtablissement", "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement", "identifiantAdresseEtablissement",
    "coordonneeLambertAbscisseEtablissement", "coordonneeLambertOrdonneeEtablissement",
    "complementAdresse2Etablissement", "numeroVoie2Etablissement",
    "indiceRepetition2Etablissement", "typeVoie2Etablissement", "libelleVoie2Etablissement",
    "codePostal2Etablissement", "libelleCommune2Etablissement",
    "libelleCommuneEtranger2Etablissement", "distributionSpeciale2Etablissement",
    "codeCommune2Etablissement", "codeCedex2Etablissement", "libelleCedex2Etablissement",
    "codePaysEtranger2Etablissement", "libellePaysEtranger2Etablissement", "dateDebut",
    "etatAdministratifEtablissement", "enseigne1Etablissement", "enseigne2Etablissement",
    "enseigne3Etablissement", "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement", "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
)  # fmt: skip
# What the listing's fields are read from, for the operator (and the source's record).
MAPPING = {
    "key": SIRET,
    "name": "enseigne1Etablissement",
    "category": ACTIVITY,
    "siret": SIRET,
    "street": "libelleVoieEtablissement",
    "postcode": "codePostalEtablissement",
    "locality": "libelleCommuneEtablissement",
    "commune_code": COMMUNE,
    "latitude": "coordonneeLambertOrdonneeEtablissement",
    "longitude": "coordonneeLambertAbscisseEtablissement",
}
PROGRESS_EVERY = 1000
PROGRESS_SAVE_SECONDS = 2.0
WAITING_ROWS = 10_000
# The encoding is told from the file's first 256 MiB (a few hundred thousand rows, where a
# file saved again by a spreadsheet shows its accents); a later byte that does not decode
# stops the run with its row.
ENCODING_CHECK_BYTES = 256 * 1024 * 1024


def departement_of(commune: str) -> str:
    """The département of an INSEE commune code: "33063" → "33", "2A004" → "2A", "97411" →
    "974"."""
    return commune[:3] if commune.startswith("97") else commune[:2]


def departements_parse(codes: Iterable[str]) -> set[str]:
    """Département codes as the register writes them ("1" → "01", "20" → 2A and 2B), or
    ImportFileError for one that is none."""
    parsed = set()
    for given in codes:
        for code in given.replace(",", " ").split():
            code = code.upper().zfill(2)
            if code == "20":
                parsed |= {"2A", "2B"}
            elif code in ("2A", "2B") or (code.isdigit() and (len(code) == 2 or code[:2] == "97")):
                parsed.add(code)
            else:
                raise ImportFileError(
                    _("“%(code)s” is not a département code (33, 2A, 974…).") % {"code": code}
                )
    return parsed


def communes_parse(codes: Iterable[str]) -> set[str]:
    """INSEE commune codes ("33063", "2A004"), or ImportFileError for one that is none."""
    parsed = set()
    for given in codes:
        for code in given.replace(",", " ").split():
            code = code.upper()
            if len(code) != 5 or not (code.isdigit() or code[:2] in ("2A", "2B")):
                raise ImportFileError(
                    _("“%(code)s” is not an INSEE commune code (33063, 2A004…).") % {"code": code}
                )
            parsed.add(code)
    return parsed


class SireneScope:
    """Which establishments of the register the import takes (see the module's docstring)."""

    def __init__(
        self, *, naf_map: NafMap, departements: Iterable[str] = (), communes: Iterable[str] = ()
    ):
        self.naf_map = naf_map
        self.departements = departements_parse(departements)
        self.communes = communes_parse(communes)
        self.filtered = bool(self.departements or self.communes)
        self._activities: dict[tuple[str, str], tuple[str, dict] | None] = {}
        self._communes: dict[str, bool] = {}

    def covers(self, commune: str) -> bool:
        """Whether the establishments of the INSEE commune `commune` are in the territory."""
        known = self._communes.get(commune)
        if known is None:
            known = commune in self.communes or departement_of(commune) in self.departements
            if len(self._communes) < 100_000:  # France has 35,000 communes
                self._communes[commune] = known
        return known

    def activity_left_out(self, activity: str, nomenclature: str):
        """Why an open establishment's activity is out of scope (a reason and its
        parameters), or None."""
        key = (activity, nomenclature)
        if key not in self._activities:
            self._activities[key] = self._activity_left_out(activity, nomenclature)
        return self._activities[key]

    def _activity_left_out(self, activity: str, nomenclature: str):
        code = activity.strip() or "—"
        if nomenclature not in ("", "NAFRev2"):
            # A code of an older nomenclature (NAF rev. 1, NAP…): the map cannot place it.
            return "sirene_unmapped", {"code": f"{code} ({nomenclature})"}
        division = code[:2]
        if division in FOOD_DIVISIONS:
            return "sirene_food", {"code": code}
        if division not in MANUFACTURING_DIVISIONS:
            return "sirene_not_manufacturing", {"code": code}
        if self.naf_map.find(code) is None:
            return "sirene_unmapped", {"code": code}
        return None


def sirene_run_execute(
    *,
    run: ImportRun,
    file: SireneFile,
    on_row: Callable[[RowResult], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    tell_left_out: bool = True,
    **arguments,
) -> ImportRun:
    """`import_run_execute` for a SIRENE file (its other `arguments`: scan, source, preparer):
    the rows left out by the scope are told to `on_row` (unless not `tell_left_out`) and to
    `on_progress`, and added to the run's record when it ends, done or failed."""
    preparer = arguments.get("preparer")
    if preparer is not None and hasattr(preparer, "legal_units_load"):
        try:
            preparer.legal_units_load()
        except BaseException as error:
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportRun.Status.FAILED,
                finished_at=timezone.now(),
                error=str(error) or error.__class__.__name__,
            )
            raise
    ordered = None
    if tell_left_out and on_row is not None:
        ordered = _InFileOrder(on_row)
        file.on_left_out, on_row = ordered.left_out, ordered.outcome
    progress = _LeftOutProgress(run, on_progress)
    file.on_progress = progress
    try:
        return import_run_execute(
            run=run, file=file, on_row=on_row, on_progress=on_progress, **arguments
        )
    finally:
        file.on_left_out = file.on_progress = None
        if ordered is not None:
            ordered.flush()
        _left_out_record(run, file, told=progress.rows)


class _InFileOrder:
    """Tells the rows left out (as they are read) and the importer's outcomes (a batch at a
    time) in the file's order: a row left out waits for the next outcome after it, or the
    end; past WAITING_ROWS waiting, they are told at once."""

    def __init__(self, on_row: Callable[[RowResult], None]):
        self.on_row = on_row
        self.waiting: list[RowResult] = []

    def left_out(self, number: int, siret: str, skip: Skip) -> None:
        self.waiting.append(RowResult(number, siret, ImportAction.SKIPPED, skip.message))
        if len(self.waiting) >= WAITING_ROWS:
            self.flush()

    def outcome(self, result: RowResult) -> None:
        waiting = self.waiting
        if waiting and waiting[0].number < result.number:
            count = 0  # the rows waiting are in the file's order: those before come first
            while count < len(waiting) and waiting[count].number < result.number:
                count += 1
            self.waiting = waiting[count:]
            for row in waiting[:count]:
                self.on_row(row)
        self.on_row(result)

    def flush(self) -> None:
        waiting, self.waiting = self.waiting, []
        for row in waiting:
            self.on_row(row)


class _LeftOutProgress:
    """Counts the rows left out in the run's rows done as they are read, so that the run's
    page follows a file of which the scope keeps few rows: the record is brought up to date
    every PROGRESS_SAVE_SECONDS at most (one UPDATE), the importer's batches between."""

    def __init__(self, run: ImportRun, on_progress: Callable[[int], None] | None):
        self.run = run
        self.on_progress = on_progress
        self.rows = 0
        self.saved_at = time.monotonic()

    def __call__(self, rows: int) -> None:
        self.rows += rows
        self.run.rows_done += rows
        if self.on_progress is not None:
            self.on_progress(rows)
        now = time.monotonic()
        if now - self.saved_at >= PROGRESS_SAVE_SECONDS and self.run.status == "running":
            self.saved_at = now
            ImportRun.objects.filter(pk=self.run.pk).update(rows_done=self.run.rows_done)


def _left_out_record(run: ImportRun, file: SireneFile, *, told: int = 0) -> None:
    """Add the rows the scope left out to the record of `run` (one UPDATE); `told` of them
    are counted in its rows done already."""
    total = sum(file.left_out.values())
    if not total:
        return
    reasons = Counter(run.skipped_reasons or {})
    for reason, count in file.left_out.items():
        reasons[Skip(reason).group] += count
    run.rows_done += total - told
    run.skipped_count += total
    run.skipped_reasons = dict(reasons.most_common())
    kept = sorted([*run.skipped_rows, *file.left_out_rows], key=lambda row: row["row"])
    run.skipped_rows = kept[: file.rows_kept]
    fields = ("rows_done", "skipped_count", "skipped_reasons", "skipped_rows")
    ImportRun.objects.filter(pk=run.pk).update(**{name: getattr(run, name) for name in fields})
