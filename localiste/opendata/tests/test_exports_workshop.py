"""The open data files say what the maker's page says of visiting the workshop."""

import csv
import json

import frictionless
import pytest

from localiste.makers.models.service_offers import SERVICES
from localiste.makers.models.workshop import SPOKEN_LANGUAGES, PaymentMethod, WorkshopAccess
from localiste.makers.tests.factories import MakerFactory
from localiste.opendata.exports import opendata_export
from localiste.opendata.exports.schema import TABLE_SCHEMA_PATH, table_schema
from localiste.sharing.structured_data import maker_json_ld

pytestmark = pytest.mark.django_db

VISIT = {
    "offers_visits_by_appointment": True,
    "payment_methods": ["cash", "card"],
    "languages_spoken": ["fr", "oc"],
    "workshop_access": "step_free",
    "workshop_access_note": "Rampe amovible; sonnez",
}


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    settings.SITE_URL = "https://makers.example.org"
    return settings.OPENDATA_DIR


def csv_rows(export_dir) -> list[dict]:
    with open(export_dir / "fabricants.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_csv_and_geojson_tell_how_to_visit_the_workshop(export_dir):
    maker = MakerFactory(name="Atelier Visite", **VISIT)
    MakerFactory(name="Atelier Muet")

    opendata_export()

    rows = {row["name"]: row for row in csv_rows(export_dir)}
    visit, silent = rows["Atelier Visite"], rows["Atelier Muet"]
    assert (visit["by_appointment"], visit["workshop_visits"]) == ("true", "true")
    assert (visit["payment_methods"], visit["languages_spoken"]) == ("cash;card", "fr;oc")
    assert (visit["workshop_access"], visit["workshop_access_note"]) == (
        "step_free",
        "Rampe amovible; sonnez",
    )
    assert (silent["by_appointment"], silent["payment_methods"]) == ("false", "")
    assert (silent["workshop_access"], silent["workshop_access_note"]) == ("unknown", "")

    geojson = json.loads((export_dir / "fabricants.geojson").read_text())
    properties = {f["properties"]["slug"]: f["properties"] for f in geojson["features"]}
    assert properties[maker.slug]["payment_methods"] == ["cash", "card"]
    assert properties[maker.slug]["by_appointment"] is True
    assert properties[maker.slug]["workshop_access"] == "step_free"

    shipped = json.loads(TABLE_SCHEMA_PATH.read_text())
    resource = frictionless.Resource(
        path="fabricants.csv",
        basepath=str(export_dir),
        schema=frictionless.Schema.from_descriptor(shipped),
    )
    report = frictionless.validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_table_schema_knows_every_code_the_listings_hold():
    fields = {field["name"]: field for field in table_schema()["fields"]}

    assert set(SERVICES) <= set(fields)
    assert fields["workshop_access"]["constraints"]["enum"] == list(WorkshopAccess.values)
    for name, codes in (
        ("payment_methods", PaymentMethod.values),
        ("languages_spoken", SPOKEN_LANGUAGES),
    ):
        for code in codes:
            assert code in fields[name]["constraints"]["pattern"]
            assert code in fields[name]["description"] or name == "languages_spoken"


def test_a_list_cell_with_an_unknown_code_fails_validation(export_dir):
    MakerFactory(name="Atelier Visite", **VISIT)
    opendata_export()
    path = export_dir / "fabricants.csv"
    path.write_text(path.read_text().replace("cash;card", "cash;bitcoin"))

    resource = frictionless.Resource(
        path="fabricants.csv",
        basepath=str(export_dir),
        schema=frictionless.Schema.from_descriptor(json.loads(TABLE_SCHEMA_PATH.read_text())),
    )
    assert not frictionless.validate(resource).valid


def test_the_json_ld_says_what_the_page_says_of_the_visit(export_dir):
    maker = MakerFactory(name="Atelier Visite", **VISIT)

    opendata_export()

    (business,) = json.loads((export_dir / "fabricants.jsonld").read_text())["@graph"]
    page = maker_json_ld(maker, base_url="https://makers.example.org")
    for name in ("paymentAccepted", "knowsLanguage", "amenityFeature"):
        assert business[name] == page[name], name
    assert business["paymentAccepted"] == "Cash, Credit Card"
    assert business["amenityFeature"][0]["value"] is True
