"""Acceptance of the SIRENE import (issue 12): a StockEtablissement file of the official
columns with food, closed, non-diffusible, unmapped, out-of-territory and manufacturing
establishments; what it imports, counts and says; its points; the legal-unit names."""

import csv
import io
import math
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from localiste.makers.models import Maker
from localiste.opendata.imports.sirene import STOCK_COLUMNS, departement_of, departements_parse
from localiste.opendata.imports.sirene_rows import register_case, street_of
from localiste.opendata.models import ImportRun
from localiste.places.models import Place
from localiste.places.services import gazetteer_load, territory_sync_from_places
from localiste.search.geo import distance_km

pytestmark = pytest.mark.django_db

# Bordeaux's town hall (Palais Rohan, place Pey-Berland), in WGS 84.
TOWN_HALL = (44.8378, -0.5792)


def lambert93(latitude: float, longitude: float) -> tuple[float, float]:
    """Lambert-93 (x, y) of a WGS 84 point: the Lambert conformal conic of IGN's notice
    (NTG_71, algorithms ALG0001 and ALG0003) on GRS 80, with the parallels of RGF93, written
    here from the formula (not pyproj, which the import uses)."""
    a, f = 6378137.0, 1 / 298.257222101
    e = math.sqrt(2 * f - f * f)
    phi0, phi1, phi2, lambda0 = map(math.radians, (46.5, 44.0, 49.0, 3.0))

    def m(phi):
        return math.cos(phi) / math.sqrt(1 - (e * math.sin(phi)) ** 2)

    def t(phi):
        s = e * math.sin(phi)
        return math.tan(math.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (e / 2)

    n = (math.log(m(phi1)) - math.log(m(phi2))) / (math.log(t(phi1)) - math.log(t(phi2)))
    c = a * m(phi1) / (n * t(phi1) ** n)
    y_s = 6600000 + c * t(phi0) ** n
    # IGN publishes the constants of Lambert-93: the formula above must give them.
    assert abs(n - 0.7256077650) < 1e-9
    assert abs(c - 11754255.426) < 0.01
    assert abs(y_s - 12655612.050) < 0.01
    rho = c * t(math.radians(latitude)) ** n
    theta = n * (math.radians(longitude) - lambda0)
    return 700000 + rho * math.sin(theta), y_s - rho * math.cos(theta)


def establishment(siret: str, activity: str, commune: str, **cells: str) -> dict[str, str]:
    return {
        "siren": siret[:9],
        "nic": siret[9:],
        "siret": siret,
        "statutDiffusionEtablissement": "O",
        "etatAdministratifEtablissement": "A",
        "activitePrincipaleEtablissement": activity,
        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
        "codeCommuneEtablissement": commune,
        "coordonneeLambertAbscisseEtablissement": "[ND]",
        "coordonneeLambertOrdonneeEtablissement": "[ND]",
        **cells,
    }


def town_hall_cells() -> dict[str, str]:
    x, y = lambert93(*TOWN_HALL)
    return {
        "coordonneeLambertAbscisseEtablissement": f"{x:.1f}",
        "coordonneeLambertOrdonneeEtablissement": f"{y:.1f}",
    }


# siret: (establishment, what becomes of it)
ESTABLISHMENTS = {
    "11111111100011": (
        establishment(
            "11111111100011", "16.24Z", "33063", enseigne1Etablissement="TONNELLERIE DU CHAI",
            numeroVoieEtablissement="1", typeVoieEtablissement="PL",
            libelleVoieEtablissement="PEY BERLAND", codePostalEtablissement="33000",
            libelleCommuneEtablissement="BORDEAUX", **town_hall_cells(),
        ),
        "created",
    ),
    "22222222200022": (
        establishment(
            "22222222200022", "31.09B", "33039",
            denominationUsuelleEtablissement="EBENISTERIE DES CHARTRONS",
            numeroVoieEtablissement="12", indiceRepetitionEtablissement="B",
            typeVoieEtablissement="AV", libelleVoieEtablissement="DU MARECHAL LECLERC",
            codePostalEtablissement="33130",
        ),
        "created",
    ),
    "33333333300033": (
        establishment(
            "33333333300033", "32.12Z", "33063", statutDiffusionEtablissement="P",
            enseigne1Etablissement="BIJOUX JEANNE DUPONT", numeroVoieEtablissement="3",
            typeVoieEtablissement="RUE", libelleVoieEtablissement="DES FAURES",
            codePostalEtablissement="33800", **town_hall_cells(),
        ),
        "created",
    ),
    "44444444400044": (establishment("44444444400044", "14.13Z", "33281"), "created"),
    "55555555500055": (
        establishment("55555555500055", "10.71C", "33063", enseigne1Etablissement="AU BON PAIN"),
        "sirene_food",
    ),
    "66666666600066": (
        establishment(
            "66666666600066", "16.24Z", "33063", etatAdministratifEtablissement="F",
            enseigne1Etablissement="TONNELLERIE FERMEE",
        ),
        "sirene_closed",
    ),
    "77777777700077": (establishment("77777777700077", "29.10Z", "33063"), "sirene_unmapped"),
    "88888888800088": (
        establishment("88888888800088", "47.91A", "33063"), "sirene_not_manufacturing"
    ),
    "99999999900099": (establishment("99999999900099", "31.09B", "24322"), "sirene_territory"),
}  # fmt: skip


def stock_csv(path: Path, rows=None) -> Path:
    rows = [cells for cells, _outcome in ESTABLISHMENTS.values()] if rows is None else rows
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=STOCK_COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command(
        "import_sirene", str(path), "--source", "sirene", "--language", "en",
        "--departement", "33", *args, stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    return out.getvalue()


def outcomes(output: str) -> dict[int, str]:
    found = re.findall(r"^Row (\d+) \(key \d+\): (.*)$", output, re.MULTILINE)
    return {int(row): outcome for row, outcome in found}


def test_only_open_non_food_manufacturing_in_the_territory_is_imported(gironde, tmp_path):
    path = stock_csv(tmp_path / "StockEtablissement_utf8.csv")

    dry = outcomes(run(path, "--create-source", "--dry-run"))
    assert len(dry) == len(ESTABLISHMENTS)
    assert dry[2].startswith("created") and dry[5].startswith("created")
    assert dry[6] == (
        "skipped, the activity 10.71C is food or drink: the directory lists non-food goods only"
    )
    assert dry[7] == "skipped, the establishment is closed"
    assert dry[8] == "skipped, the activity 29.10Z has no category in the NAF mapping"
    assert dry[9] == "skipped, the activity 47.91A is not manufacturing (NAF divisions 13 to 33)"
    assert dry[10] == "skipped, the commune 24322 is outside the chosen départements and communes"
    assert not Maker.objects.exists()

    output = run(path, "--create-source", "--publish")
    created = {siret for siret, (_cells, outcome) in ESTABLISHMENTS.items() if outcome == "created"}
    assert set(Maker.objects.values_list("source_key", flat=True)) == created
    record = ImportRun.objects.get(dry_run=False)
    assert (record.rows_total, record.rows_done) == (9, 9)
    assert (record.created_count, record.skipped_count) == (4, 5)
    groups = ("sirene_food", "sirene_closed", "sirene_unmapped", "sirene_not_manufacturing")
    assert record.skipped_reasons == dict.fromkeys((*groups, "sirene_territory"), 1)
    assert [row["row"] for row in record.skipped_rows] == [6, 7, 8, 9, 10]
    # A real run counts the rows it leaves out, and names them with -v 2 only.
    assert "Row 7" not in output and "closed establishment 1" in output
    source = record.source
    assert (source.kind, source.attribution) == ("sirene", "INSEE, répertoire SIRENE")
    assert source.licence == "Licence Ouverte 2.0"

    chai = Maker.objects.get(source_key="11111111100011")
    assert (chai.name, chai.street, chai.siret) == (
        "Tonnellerie du Chai", "1 place Pey Berland", "11111111100011"
    )  # fmt: skip
    assert chai.primary_category.slug == "tonnellerie"
    chartrons = Maker.objects.get(source_key="22222222200022")
    assert chartrons.name == "Ebenisterie des Chartrons"
    assert chartrons.street == "12 bis avenue du Marechal Leclerc"
    assert chartrons.locality == "Bègles" and chartrons.primary_category.slug == "mobilier"

    run(path)
    again = ImportRun.objects.filter(dry_run=False).latest("pk")
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 4)
    assert again.skipped_count == 5 and Maker.objects.count() == 4


def test_a_lambert_93_point_lands_within_50_m_of_its_wgs_84_position(gironde, tmp_path):
    run(stock_csv(tmp_path / "stock.csv"), "--create-source")
    chai = Maker.objects.get(source_key="11111111100011")
    assert distance_km(chai.latitude, chai.longitude, *TOWN_HALL) < 0.05
    assert chai.location_precision == Maker.Precision.EXACT
    # Without coordinates ("[ND]"), the commune's point.
    chartrons = Maker.objects.get(source_key="22222222200022")
    begles = Place.objects.get(official_code="33039")
    assert (chartrons.latitude, chartrons.longitude) == (begles.latitude, begles.longitude)


def test_a_non_diffusible_establishment_publishes_nothing_personal(gironde, tmp_path):
    run(stock_csv(tmp_path / "stock.csv"), "--create-source")
    private = Maker.objects.get(source_key="33333333300033")
    bordeaux = Place.objects.get(official_code="33063")
    with translation.override("fr"):
        assert private.name == translation.gettext("%(trade)s in %(commune)s") % {
            "trade": "Bijouterie",
            "commune": "Bordeaux",
        }
    fields = [getattr(private, field.attname) for field in Maker._meta.concrete_fields]
    text = " ".join(str(value) for value in fields).lower()
    assert "dupont" not in text and "jeanne" not in text and "faures" not in text
    assert (private.street, private.siret, private.legal_name) == ("", "", "")
    assert private.location_precision == Maker.Precision.COMMUNE
    assert private.public_point == (round(bordeaux.latitude, 4), round(bordeaux.longitude, 4))
    assert private.postcode == "33000"  # the commune's, not the establishment's (33800)


def test_an_establishment_without_a_name_is_named_by_its_trade_and_commune(gironde, tmp_path):
    run(stock_csv(tmp_path / "stock.csv"), "--create-source")
    nameless = Maker.objects.get(source_key="44444444400044")
    assert nameless.name.startswith("Confection de vêtements ")
    assert nameless.name.endswith(" Mérignac")


def legal_units_csv(path: Path, *units: dict[str, str]) -> Path:
    columns = [
        "siren", "statutDiffusionUniteLegale", "categorieJuridiqueUniteLegale",
        "denominationUniteLegale", "prenom1UniteLegale", "nomUniteLegale", "nomUsageUniteLegale",
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(units)
    return path


def test_the_legal_unit_names_what_has_no_sign_nor_usual_name(gironde, tmp_path):
    rows = [
        establishment("44444444400044", "14.13Z", "33281"),  # a company
        establishment("12121212100012", "15.12Z", "33063"),  # a sole trader who publishes
        establishment("13131313100013", "15.12Z", "33063"),  # one who does not
        establishment(
            "14141414100014", "32.40Z", "33063", enseigne1Etablissement="LE PETIT JOUET"
        ),  # its sign wins over its company's name
    ]
    units = legal_units_csv(
        tmp_path / "StockUniteLegale_utf8.csv",
        {"siren": "444444444", "statutDiffusionUniteLegale": "O",
         "denominationUniteLegale": "ATELIER DE LA LUNE"},
        {"siren": "121212121", "statutDiffusionUniteLegale": "O", "prenom1UniteLegale": "CAMILLE",
         "nomUniteLegale": "DURAND", "categorieJuridiqueUniteLegale": "1000"},
        {"siren": "131313131", "statutDiffusionUniteLegale": "P", "prenom1UniteLegale": "LOUIS",
         "nomUniteLegale": "SECRET", "categorieJuridiqueUniteLegale": "1000"},
        {"siren": "141414141", "statutDiffusionUniteLegale": "O",
         "denominationUniteLegale": "JOUETS ET COMPAGNIE SAS"},
        {"siren": "999999999", "statutDiffusionUniteLegale": "O",
         "denominationUniteLegale": "HORS SCOPE"},
    )  # fmt: skip
    run(stock_csv(tmp_path / "stock.csv", rows), "--create-source", "--unites-legales", str(units))
    names = dict(Maker.objects.values_list("source_key", "name"))
    legal = dict(Maker.objects.values_list("source_key", "legal_name"))
    assert names["44444444400044"] == "Atelier de la Lune"
    assert names["12121212100012"] == "Camille Durand"
    assert names["13131313100013"].startswith("Maroquinerie ")
    assert "Secret" not in names["13131313100013"] and legal["13131313100013"] == ""
    assert names["14141414100014"] == "Le Petit Jouet"
    assert legal["14141414100014"] == "Jouets et Compagnie SAS"


def test_an_operators_naf_map_and_the_sites_setting(gironde, tmp_path, settings):
    path = stock_csv(tmp_path / "stock.csv")
    naf_map = tmp_path / "naf.csv"
    naf_map.write_text("naf,category,trade\n29.10Z,objets-en-metal,Carrosserie\n", "utf-8")
    run(path, "--create-source", "--naf-map", str(naf_map))
    assert set(Maker.objects.values_list("source_key", flat=True)) == {"77777777700077"}

    settings.IMPORT_SIRENE_NAF_MAP = str(tmp_path / "nowhere.csv")
    with pytest.raises(CommandError, match="no NAF mapping at"):
        run(path)
    naf_map.write_text("naf,category\n10.71C,objets-decoratifs\n", "utf-8")
    with pytest.raises(CommandError, match="line 2: 10.71C is food or drink"):
        run(path, "--naf-map", str(naf_map))
    naf_map.write_text("naf,category\n31.09B,meubles-imaginaires\n", "utf-8")
    with pytest.raises(CommandError, match="no category “meubles-imaginaires”"):
        run(path, "--naf-map", str(naf_map))


def test_a_closed_establishment_is_flagged_no_longer_in_the_source(gironde, tmp_path):
    open_one = establishment("11111111100011", "16.24Z", "33063")
    other = establishment("22222222200022", "16.24Z", "33063")
    run(stock_csv(tmp_path / "stock.csv", [open_one, other]), "--create-source")
    closed = {**open_one, "etatAdministratifEtablissement": "F"}
    run(stock_csv(tmp_path / "stock.csv", [closed, other]))
    assert ImportRun.objects.latest("pk").vanished_count == 1
    assert Maker.objects.get(source_key="11111111100011").source_vanished_at is not None


def test_communes_and_departements_are_chosen_by_their_codes(gironde, tmp_path):
    path = stock_csv(tmp_path / "stock.csv")
    out = io.StringIO()
    call_command(
        "import_sirene", str(path), "--source", "s", "--create-source", "--commune", "33039",
        "--language", "en", stdout=out,
    )  # fmt: skip
    assert list(Maker.objects.values_list("source_key", flat=True)) == ["22222222200022"]
    assert departements_parse(["20", "974,1"]) == {"2A", "2B", "974", "01"}
    assert [departement_of(code) for code in ("33063", "2A004", "97411")] == ["33", "2A", "974"]
    with pytest.raises(CommandError, match="not a département code"):
        run(path, "--create-source", "--departement", "Gironde")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04zipped", "unzip it first"),
        (b"id;Nom;Categorie\n1;Atelier;Bijoux\n", "not a SIRENE establishment stock"),
    ],
)
def test_what_is_not_an_establishment_stock_is_refused(db, tmp_path, content, expected):
    path = tmp_path / "stock.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=expected):
        run(path, "--create-source")
    assert not ImportRun.objects.exists()


def test_register_capitals_and_street_types_read_as_french():
    assert register_case("L'ATELIER DU BOIS SARL") == "L'Atelier du Bois SARL"
    assert register_case("Déjà écrit") == "Déjà écrit"
    assert street_of(
        {"numeroVoieEtablissement": "4", "typeVoieEtablissement": "CHE",
         "libelleVoieEtablissement": "DE LA FORGE"}
    ) == "4 chemin de la Forge"  # fmt: skip


def test_lines_outside_the_territory_are_counted_out_alike_unparsed(gironde, tmp_path, settings):
    # Past the rows kept for the record, a line that cannot be in the territory is counted
    # without being parsed: the same outcome, and quoted cells still read whole.
    settings.IMPORT_ROWS_KEPT = 1
    outside = [establishment(f"5000000000{number:04d}", "31.09B", "24322") for number in range(30)]
    quoted = establishment(
        "12312312300012", "25.71Z", "33063", enseigne1Etablissement="COUTEAUX, LAMES ET CIE"
    )
    rows = [*outside, quoted, *[cells for cells, _outcome in ESTABLISHMENTS.values()]]
    run(stock_csv(tmp_path / "stock.csv", rows), "--create-source")
    record = ImportRun.objects.get()
    assert (record.rows_done, record.created_count) == (40, 5)
    assert record.skipped_reasons["sirene_territory"] == 31
    assert Maker.objects.get(source_key="12312312300012").name == "Couteaux, Lames et Cie"


def test_a_wrong_legal_unit_file_is_refused_before_anything_is_written(gironde, tmp_path):
    wrong = tmp_path / "StockUniteLegale.csv"
    wrong.write_text("siret,nom\n1,2\n", "utf-8")
    with pytest.raises(CommandError, match="not a SIRENE legal-unit stock"):
        run(stock_csv(tmp_path / "stock.csv"), "--create-source", "--unites-legales", str(wrong))
    assert not ImportRun.objects.exists() and not Maker.objects.exists()
