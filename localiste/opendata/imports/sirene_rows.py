"""An establishment of the SIRENE register turned into the values of a listing.

Its name, the first of these that it has (register capitals made readable: "ATELIER DU
CHAI" → "Atelier du Chai"):

1. its sign, `enseigne1Etablissement`;
2. its usual name, `denominationUsuelleEtablissement`;
3. with `--unites-legales`, the name of its legal unit in `StockUniteLegale`:
   `denominationUniteLegale` (a company), else, for a sole trader whose legal unit publishes
   its data (`statutDiffusionUniteLegale` O), `prenom1UniteLegale` and `nomUsageUniteLegale`
   or `nomUniteLegale`;
4. else its trade and its commune, "Tonnellerie à Bègles" (the trade of the NAF map, else
   the category's name; in the site's language, settings.LANGUAGE_CODE: a name is data).

The legal unit's name is also its legal name. An establishment that does not publish its
data (`statutDiffusionEtablissement` P, or N in older files: anything but O) is imported
with nothing personal: named by its trade and commune only (4), without street, legal name
or SIRET, located at its commune's centre and shown at the commune only.

Its point: the register's Lambert-93 coordinates (EPSG:2154; the overseas départements
have their own UTM projections) turned into WGS 84 by pyproj, one Transformer per
projection for the whole import; when they are missing ("[ND]"), or far from the commune,
the street through the online geocoder if one is configured, else the commune's centre,
as every import does (`locate.Locator`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from localiste.makers.models import Maker
from localiste.opendata.imports.files import ImportFileError, RawRow, file_check
from localiste.opendata.imports.locate import Locator
from localiste.opendata.imports.reasons import Skip
from localiste.opendata.imports.rows import PreparedRow
from localiste.opendata.imports.sirene import SIREN, SIRET, departement_of
from localiste.opendata.imports.sirene_file import SireneFile

# The projections of the register's coordinates, by département (INSEE's documentation of
# the stock): Lambert-93 in metropolitan France, UTM in the overseas départements.
PROJECTIONS = {"971": 5490, "972": 5490, "973": 2972, "974": 2975, "976": 4471}
LAMBERT_93 = 2154
STREET_TYPES = {
    "ALL": "allée", "AV": "avenue", "BD": "boulevard", "CAR": "carrefour", "CHE": "chemin",
    "CHS": "chaussée", "CITE": "cité", "COR": "corniche", "CRS": "cours", "DOM": "domaine",
    "DSC": "descente", "ECA": "écart", "ESP": "esplanade", "FG": "faubourg", "GR": "grande rue",
    "HAM": "hameau", "HLE": "halle", "IMP": "impasse", "LD": "lieu-dit", "LOT": "lotissement",
    "MAR": "marché", "MTE": "montée", "PARC": "parc", "PAS": "passage", "PASS": "passage",
    "PL": "place", "PLN": "plaine", "PLT": "plateau", "PONT": "pont", "PORT": "port",
    "PRO": "promenade", "PRV": "parvis", "PTR": "petite rue", "QUA": "quartier", "QUAI": "quai",
    "RES": "résidence", "RLE": "ruelle", "ROC": "rocade", "RPT": "rond-point", "RTE": "route",
    "RUE": "rue", "SEN": "sentier", "SENT": "sentier", "SQ": "square", "TPL": "terre-plein",
    "TRA": "traverse", "VLA": "villa", "VLGE": "village", "VOIE": "voie", "ZA": "zone artisanale",
    "ZAC": "zone d'aménagement concerté", "ZI": "zone industrielle", "ZONE": "zone",
}  # fmt: skip
REPETITIONS = {"B": "bis", "T": "ter", "Q": "quater", "C": "quinquies"}
# Words that stay in lower case inside a name or a street, and acronyms that stay in capitals.
SMALL_WORDS = frozenset(
    ("à", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "sur", "sous")
)
ACRONYMS = frozenset(("sarl", "sas", "sasu", "eurl", "sa", "sci", "snc", "scop", "eirl", "gie"))
_WORDS = re.compile(r"([\s\-'’]+)")
# The legal unit file (StockUniteLegale) columns read.
UL_COLUMNS = (
    "statutDiffusionUniteLegale", "denominationUniteLegale", "prenom1UniteLegale",
    "nomUniteLegale", "nomUsageUniteLegale",
)  # fmt: skip


@cache
def transformer(epsg: int):
    """The pyproj Transformer from the projection `epsg` to WGS 84, made once per process."""
    from pyproj import Transformer

    return Transformer.from_crs(epsg, 4326, always_xy=True)


def register_case(text: str, *, first_capital: bool = True) -> str:
    """`text` as a listing shows it: the register's capitals made readable, the rest as it is."""
    text = " ".join(text.split())
    if not text or text != text.upper() or not any(char.isalpha() for char in text):
        return text
    parts, first = [], first_capital
    for part in _WORDS.split(text.lower()):
        if not part or _WORDS.fullmatch(part):
            parts.append(part)
            continue
        if part in ACRONYMS:
            parts.append(part.upper())
        elif part in SMALL_WORDS and not first:
            parts.append(part)
        else:
            parts.append(part[:1].upper() + part[1:])
        first = False
    return "".join(parts)


def street_of(cells: dict[str, str]) -> str:
    """The establishment's street address: "12 bis rue des Faures"."""
    number = cells.get("numeroVoieEtablissement", "").strip()
    repetition = cells.get("indiceRepetitionEtablissement", "").strip().upper()
    kind = cells.get("typeVoieEtablissement", "").strip().upper()
    name = register_case(cells.get("libelleVoieEtablissement", ""), first_capital=False)
    if not name:
        return ""
    words = [number, REPETITIONS.get(repetition, repetition.lower()) if number else ""]
    words += [STREET_TYPES.get(kind, kind.lower()), name]
    return " ".join(word for word in words if word)


def lambert_number(text: str) -> float | None:
    """A coordinate of the register ("421539.5"), or None: empty, "[ND]", not a number."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class LegalUnit:
    name: str  # the company's name, or the sole trader's if they publish it ("" if neither)


def legal_units_check(path: Path) -> list[str]:
    """The columns of the StockUniteLegale file at `path`, or ImportFileError if it is none
    (checked before the run: a wrong file writes nothing)."""
    file_check(path, size_limited=False)
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as handle:
        header = [cell.strip() for cell in next(csv.reader(handle), [])]
    if SIREN not in header or "denominationUniteLegale" not in header:
        raise ImportFileError(
            _("%(file)s is not a SIRENE legal-unit stock (StockUniteLegale).") % {"file": path.name}
        )
    return header


def legal_units_read(path: Path, sirens: set[str]) -> dict[str, LegalUnit]:
    """{siren: LegalUnit} of the legal units of `sirens` in the StockUniteLegale file at
    `path`, read once as a stream (the others are passed over); ImportFileError if it is not
    one."""
    header = legal_units_check(path)
    found: dict[str, LegalUnit] = {}
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        at = header.index(SIREN)
        indexes = {name: header.index(name) for name in UL_COLUMNS if name in header}
        try:
            for cells in reader:
                if len(cells) <= at or cells[at] not in sirens:
                    continue
                unit = {name: cells[i].strip() for name, i in indexes.items() if i < len(cells)}
                name = unit.get("denominationUniteLegale", "")
                if not name and unit.get("statutDiffusionUniteLegale") == "O":
                    surname = unit.get("nomUsageUniteLegale") or unit.get("nomUniteLegale", "")
                    name = " ".join(filter(None, [unit.get("prenom1UniteLegale", ""), surname]))
                if name:
                    found[cells[at]] = LegalUnit(register_case(name))
        except csv.Error as error:
            raise ImportFileError(
                _("%(file)s cannot be read after row %(row)d: %(error)s.")
                % {"file": path.name, "row": reader.line_num, "error": error}
            ) from None
    return found


class SirenePreparer:
    """Turns the rows of a SIRENE file in scope into listing values (a RowPreparer)."""

    def __init__(self, *, file: SireneFile, legal_units: Path | None = None):
        self.file = file
        self.scope = file.scope
        self.locator = Locator()
        self.legal_units_path = legal_units
        self.legal_units: dict[str, LegalUnit] = {}
        self.language = settings.LANGUAGE_CODE
        scope = self.scope
        # The listings this import lists in full (those of its départements and communes):
        # those it no longer gives are flagged as no longer in the source.
        self.covers = Q()
        if scope.filtered:
            self.covers = Q(place__official_code__in=sorted(scope.communes)) | Q(
                place__department_code__in=sorted(scope.departements)
            )

    def legal_units_load(self) -> None:
        """Read the names of the legal units of the establishments in scope (a pass over the
        establishments first, to know which: bounded by the scope, not the register)."""
        if self.legal_units_path is not None:
            sirens = self.file.sirens_in_scope()
            self.legal_units = legal_units_read(self.legal_units_path, sirens)

    def key(self, row: RawRow) -> str:
        siret = row.cells.get(SIRET, "").strip()
        if not siret:
            raise Skip("missing_key", column=SIRET)
        return siret

    def prepare(self, row: RawRow, key: str) -> PreparedRow:
        cells = row.cells
        entry = self.scope.naf_map.find(cells["activitePrincipaleEtablissement"])
        if entry is None:  # the scope let it through: the map cannot have changed since
            raise Skip("sirene_unmapped", code=cells["activitePrincipaleEtablissement"])
        published = cells.get("statutDiffusionEtablissement", "").strip().upper() == "O"
        commune_code = cells.get("codeCommuneEtablissement", "").strip()
        postcode = cells.get("codePostalEtablissement", "").strip()
        place = self.locator.commune(
            code=commune_code,
            postcode=postcode,
            locality=cells.get("libelleCommuneEtablissement", "").strip(),
            country="FR",
        )
        street = street_of(cells) if published else ""
        if published:
            point = self._point(place, cells, street, postcode)
        else:
            postcode = (place.postcodes.split() or [""])[0]
            point = self.locator.point(
                place=place, latitude="", longitude="", street="", postcode=postcode
            )
        legal_name = ""
        if published:
            unit = self.legal_units.get(cells.get(SIREN) or key[:9])
            legal_name = unit.name if unit else ""
        name = ""
        if published:
            name = register_case(
                cells.get("enseigne1Etablissement", "")
                or cells.get("denominationUsuelleEtablissement", "")
            )
            name = name or legal_name
        values: dict[str, Any] = {
            "name": name or self._trade_name(entry, place.name),
            "primary_category": entry.category,
            "legal_name": legal_name,
            "siret": key if published else "",
            "street": street,
            "postcode": postcode or (place.postcodes.split() or [""])[0],
            "locality": place.name,
            "country": place.country_code,
            "place": place,
            "latitude": point.latitude,
            "longitude": point.longitude,
            "location_precision": point.precision if published else Maker.Precision.COMMUNE,
        }
        return PreparedRow(row.number, key, values)

    def _point(self, place, cells: dict[str, str], street: str, postcode: str):
        x = lambert_number(cells.get("coordonneeLambertAbscisseEtablissement", ""))
        y = lambert_number(cells.get("coordonneeLambertOrdonneeEtablissement", ""))
        if x is not None and y is not None:
            epsg = PROJECTIONS.get(departement_of(place.official_code), LAMBERT_93)
            longitude, latitude = transformer(epsg).transform(x, y)
            try:
                return self.locator.point(
                    place=place, latitude=latitude, longitude=longitude, street=street,
                    postcode=postcode,
                )  # fmt: skip
            except Skip as skip:
                if skip.group != "bad_coordinates":
                    raise
                # The register's point is off (far from its commune): the street's, or the
                # commune's, rather than no listing.
        return self.locator.point(
            place=place, latitude="", longitude="", street=street, postcode=postcode
        )

    def _trade_name(self, entry, commune: str) -> str:
        """ "Tonnellerie à Bègles": an establishment named by its trade and commune."""
        category = entry.category
        with translation.override(self.language):
            trade = entry.trade or getattr(category, f"name_{self.language}", category.name_fr)
            name = _("%(trade)s in %(commune)s") % {"trade": trade, "commune": commune}
        if self.language == "fr":  # "à Le Bouscat" is "au Bouscat"
            name = name.replace(" à Le ", " au ").replace(" à Les ", " aux ")
        return name[: Maker._meta.get_field("name").max_length]
