"""The open data files: what they hold, what they never hold, and that they stay valid."""

import csv
import datetime
import json
import re

import frictionless
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.makers.models import Maker, Membership, Source
from localiste.makers.services import maker_withdraw
from localiste.makers.tests.factories import MakerFactory, OpeningPeriodFactory
from localiste.opendata.exports import formats, opendata_export, rows
from localiste.opendata.exports.schema import TABLE_SCHEMA_PATH, table_schema_field_names

pytestmark = pytest.mark.django_db
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    settings.SITE_URL = "https://makers.example.org"
    return settings.OPENDATA_DIR


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def every_file_text(directory) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in directory.iterdir()}


@pytest.fixture
def commune_only_maker():
    """A maker working from home whose pin sits on their house."""
    return MakerFactory(
        name="Bijoux de la Lune",
        street="9 impasse du Secret",
        postcode="33700",
        locality="Mérignac",
        latitude=44.84731,
        longitude=-0.64712,
        location_precision=Maker.Precision.COMMUNE,
        email="lune-privee@example.org",
    )


def test_the_three_files_hold_every_published_maker_with_its_public_fields(export_dir):
    leather = CategoryFactory(name_fr="Cuir", slug="t-cuir")
    maker = MakerFactory(
        name="Sellerie Dupont",
        primary_category=leather,
        others=[CategoryFactory(name_fr="Bagagerie", slug="t-bagagerie")],
        labels=[LabelFactory(name_fr="Artisan d'art", slug="t-artisan")],
        phone="05 56 00 00 00",
        website="https://sellerie.example",
        offers_workshop_visits=True,
        founded_year=1998,
    )
    OpeningPeriodFactory(maker=maker, weekday=1, opens=datetime.time(9), closes=datetime.time(12))
    OpeningPeriodFactory(maker=maker, weekday=5, opens=datetime.time(10), closes=datetime.time(18))

    run = opendata_export()

    (dataset,) = run.manifest["datasets"]
    assert [file["name"] for file in dataset["files"]] == [
        "fabricants.csv",
        "fabricants.geojson",
        "fabricants.jsonld",
    ]
    assert dataset["licence"]["name"] == "Licence Ouverte 2.0 (Etalab)"
    (row,) = read_csv(export_dir / "fabricants.csv")
    assert row["url"] == f"https://makers.example.org/fabricants/{maker.slug}/"
    assert row["street"] == "12 rue des Argentiers"
    assert (row["primary_category"], row["categories"]) == ("Cuir", "Cuir;Bagagerie")
    assert row["labels"] == "Artisan d'art"
    assert row["opening_hours"] == "Tu 09:00-12:00; Sa 10:00-18:00"
    assert (row["workshop_visits"], row["shipping"]) == ("true", "false")

    geojson = json.loads((export_dir / "fabricants.geojson").read_text())
    (feature,) = geojson["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-0.5792, 44.8378]}
    assert feature["properties"]["categories"] == ["Cuir", "Bagagerie"]

    graph = json.loads((export_dir / "fabricants.jsonld").read_text())
    assert graph["@context"] == "https://schema.org"
    (business,) = graph["@graph"]
    assert business["@type"] == "LocalBusiness"
    assert business["@id"] == row["url"] + "#business"
    assert business["address"]["streetAddress"] == "12 rue des Argentiers"
    assert business["sameAs"] == ["https://sellerie.example"]
    assert len(business["openingHoursSpecification"]) == 2


def test_the_csv_validates_against_its_table_schema(export_dir, commune_only_maker):
    MakerFactory(
        name='L\'atelier "Bois, fer; et feu"',
        tagline="Meubles, luminaires; et « le reste »",
        hours_note="Sur rendez-vous, le soir",
        founded_year=2021,
        website="https://bois-fer.example/atelier?x=1&y=2",
    )
    MakerFactory(name="Sans adresse", latitude=None, longitude=None, street="", postcode="")

    opendata_export()

    assert read_csv(export_dir / "fabricants.csv")[0].keys() == set(table_schema_field_names())
    shipped = json.loads(TABLE_SCHEMA_PATH.read_text())
    assert json.loads((export_dir / "fabricants.schema.json").read_text()) == shipped
    resource = frictionless.Resource(
        path="fabricants.csv",
        basepath=str(export_dir),
        schema=frictionless.Schema.from_descriptor(shipped),
    )
    report = frictionless.validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 3
    # The Data Package descriptor next to them is valid too (its byte counts included).
    package = frictionless.validate(str(export_dir / "datapackage.json"))
    assert package.valid, package.flatten(["rowNumber", "fieldName", "type", "note"])


def test_no_private_email_and_no_street_of_a_commune_only_maker_in_any_file(
    client, django_user_model, export_dir, commune_only_maker
):
    owner = django_user_model.objects.create_user("owner", "compte-proprio@example.org", "x")
    manager = django_user_model.objects.create_user("manager", "compte-equipe@example.org", "x")
    shown = MakerFactory(
        name="Poterie du Port",
        email="poterie-privee@example.org",
        hours_note="Commandes : poterie-publique@example.org",
    )
    Membership.objects.create(user=owner, maker=shown, role=Membership.Role.OWNER)
    Membership.objects.create(user=manager, maker=commune_only_maker)
    MakerFactory(name="Hidden", status=Maker.Status.DRAFT, tagline="brouillon@example.org")

    opendata_export()
    files = every_file_text(export_dir)

    pages = "".join(
        client.get(maker.get_absolute_url()).content.decode()
        for maker in Maker.objects.filter(status=Maker.Status.PUBLISHED)
    )
    shown_emails = set(EMAIL.findall(pages))
    assert "poterie-publique@example.org" in shown_emails
    for name, text in files.items():
        exported_emails = set(EMAIL.findall(text))
        assert exported_emails <= shown_emails, name
        for private in (
            "poterie-privee@example.org",
            "lune-privee@example.org",
            "compte-proprio@example.org",
            "compte-equipe@example.org",
            "brouillon@example.org",
        ):
            assert private not in text, name
        assert "impasse du Secret" not in text, name
        # Nor the house's coordinates, however written.
        assert "44.847" not in text and "-0.647" not in text, name


def test_a_commune_only_maker_is_placed_as_the_public_api_places_it(
    client, export_dir, commune_only_maker
):
    opendata_export()

    api = client.get(f"/api/v1/makers/{commune_only_maker.slug}").json()
    (row,) = read_csv(export_dir / "fabricants.csv")
    assert row["street"] == "" and api["street"] == ""
    assert (float(row["latitude"]), float(row["longitude"])) == (
        api["latitude"],
        api["longitude"],
    )
    assert row["location_precision"] == "commune"


@pytest.mark.parametrize(
    "status",
    [
        Maker.Status.DRAFT,
        Maker.Status.PENDING,
        Maker.Status.NEEDS_CHANGES,
        Maker.Status.SUSPENDED,
        Maker.Status.REFUSED,
    ],
)
def test_makers_off_the_public_site_are_in_no_file(export_dir, status):
    MakerFactory(name="Atelier Public")
    hidden = MakerFactory(name="Atelier Caché", status=status)
    withdrawn = MakerFactory(name="Atelier Retiré")
    maker_withdraw(maker=withdrawn)

    run = opendata_export()

    assert run.manifest["datasets"][0]["rows"] == 1
    for name, text in every_file_text(export_dir).items():
        assert hidden.slug not in text and withdrawn.slug not in text, name
    assert [row["name"] for row in read_csv(export_dir / "fabricants.csv")] == ["Atelier Public"]


def test_rows_of_a_share_alike_source_go_to_files_of_their_own(client, export_dir):
    osm = Source.objects.create(
        name="OpenStreetMap",
        slug="osm",
        kind=Source.Kind.OSM,
        licence="ODbL 1.0",
        licence_url="https://opendatacommons.org/licenses/odbl/1-0/",
        attribution="© les contributeurs d'OpenStreetMap",
        share_alike=True,
    )
    sirene = Source.objects.create(
        name="Répertoire SIRENE", slug="sirene", kind=Source.Kind.SIRENE, licence="LO 2.0"
    )
    own = MakerFactory(name="Atelier Maison")
    from_sirene = MakerFactory(name="Atelier Sirene", source=sirene, source_key="1")
    from_osm = MakerFactory(name="Atelier OSM", source=osm, source_key="node/1")

    run = opendata_export()

    main, shared = run.manifest["datasets"]
    assert (main["rows"], shared["rows"]) == (2, 1)
    assert shared["licence"] == {
        "name": "ODbL 1.0",
        "url": "https://opendatacommons.org/licenses/odbl/1-0/",
        "id": "",
    }
    main_names = {row["name"] for row in read_csv(export_dir / "fabricants.csv")}
    assert main_names == {own.name, from_sirene.name}
    shared_rows = read_csv(export_dir / "fabricants-osm.csv")
    assert [(row["name"], row["source"]) for row in shared_rows] == [
        (from_osm.name, "OpenStreetMap")
    ]
    for extension in ("csv", "geojson", "jsonld"):
        assert from_osm.slug not in (export_dir / f"fabricants.{extension}").read_text()
        assert from_osm.slug in (export_dir / f"fabricants-osm.{extension}").read_text()
    package = json.loads((export_dir / "datapackage.json").read_text())
    licences = {
        resource["path"]: resource["licenses"][0]["title"] for resource in package["resources"]
    }
    assert licences["fabricants-osm.geojson"] == "ODbL 1.0"
    assert licences["fabricants.geojson"] == "Licence Ouverte 2.0 (Etalab)"

    # Once the source has no published maker left, its files go.
    maker_withdraw(maker=from_osm)
    run = opendata_export()
    assert len(run.manifest["datasets"]) == 1
    assert "fabricants-osm.csv" in run.removed
    assert not (export_dir / "fabricants-osm.csv").exists()


def test_makers_are_read_in_batches_by_key(export_dir, monkeypatch):
    monkeypatch.setattr(rows, "BATCH", 2)
    makers = [MakerFactory(name=f"Atelier {letter}") for letter in "ABCDE"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            opendata_export()
        return len(captured)

    three_batches = queries()
    slugs = [row["slug"] for row in read_csv(export_dir / "fabricants.csv")]
    assert slugs == [maker.slug for maker in makers]
    # The queries grow with the batches (makers, categories, labels, hours), not the makers.
    makers.append(MakerFactory(name="Atelier F"))
    assert queries() == three_batches
    makers.append(MakerFactory(name="Atelier G"))
    assert queries() == three_batches + 4
    slugs = [row["slug"] for row in read_csv(export_dir / "fabricants.csv")]
    assert slugs == [maker.slug for maker in makers]


def test_a_failed_export_leaves_the_previous_files_whole(export_dir, monkeypatch):
    MakerFactory(name="Atelier Un")
    opendata_export()
    before = every_file_text(export_dir)
    MakerFactory(name="Atelier Deux")

    def broken(self, maker):
        raise OSError("disk full")

    monkeypatch.setattr(formats.JsonLdWriter, "write", broken)
    with pytest.raises(OSError):
        opendata_export()

    assert every_file_text(export_dir) == before
    assert not [path for path in export_dir.iterdir() if path.name.endswith(".tmp")]


def test_the_files_are_downloaded_from_the_files_address(client, export_dir):
    MakerFactory()
    opendata_export()

    response = client.get("/donnees/fichiers/fabricants.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert client.get("/donnees/fichiers/fabricants.geojson")["Content-Type"] == (
        "application/geo+json"
    )
    assert client.get("/donnees/fichiers/.export.lock").status_code == 404
    assert client.get("/donnees/fichiers/../manifest.json").status_code == 404
    assert client.get("/donnees/fichiers/nothing.csv").status_code == 404
