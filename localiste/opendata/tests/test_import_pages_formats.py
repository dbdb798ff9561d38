"""The staff import page with the formats that name their own columns (the SIRENE register,
OpenStreetMap exports: no mapping to choose), GeoJSON known by its name, and the ODbL: an
OpenStreetMap export is known by its content, and its source is share-alike."""

import io
import json
import re

import pytest

from localiste.makers.models import Maker, Source
from localiste.makers.services import source_build
from localiste.opendata.imports.formats import GUESS_HEAD_BYTES, import_format_guess
from localiste.opendata.models import ImportRun
from localiste.opendata.tests.import_page import (
    columns_post,
    csv_file,
    file_of,
    nothing_written,
    upload,
)
from localiste.opendata.tests.test_imports_osm import geojson, overpass_json
from localiste.opendata.tests.test_imports_sirene import ESTABLISHMENTS, stock_csv

pytestmark = pytest.mark.django_db


# --- GeoJSON ------------------------------------------------------------------------------
def test_a_geojson_file_is_known_by_its_name_and_imports(
    gironde, operator_client, django_capture_on_commit_callbacks
):
    features = [
        {
            "type": "Feature",
            "id": f"verrier-{n}",
            "geometry": {"type": "Point", "coordinates": [-0.57, 44.84]},
            "properties": {"name": f"Verrerie {n}", "category": "Verre", "city": "Bordeaux"},
        }
        for n in (1, 2)
    ]
    data = io.BytesIO(json.dumps({"type": "FeatureCollection", "features": features}).encode())
    data.name = "verriers.geojson"
    response = upload(operator_client, data, file_format="")
    page = operator_client.get(response["Location"])
    html = page.content.decode()
    assert "GeoJSON" in html and 'name="encoding"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        columns_post(operator_client, page, action="import")
    run = ImportRun.objects.get()
    assert (run.file_format, run.created_count) == ("geojson", 2)
    assert set(Maker.objects.values_list("source_key", flat=True)) == {"verrier-1", "verrier-2"}
    assert not Source.objects.get().share_alike


# --- the SIRENE register and OpenStreetMap exports: no mapping to choose ----------------------
def test_a_sirene_extract_is_filtered_tried_then_imported(
    gironde, operator_client, tmp_path, django_capture_on_commit_callbacks
):
    path = stock_csv(tmp_path / "StockEtablissement_utf8.csv")
    # Its name says what it is; no source name nor licence: the register's own.
    response = upload(
        operator_client, file_of(path), prefix="/en", file_format="", departements="33",
        name="", licence="",
    )  # fmt: skip
    assert response.status_code == 302
    page = operator_client.get(response["Location"])
    html = page.content.decode()
    assert "SIRENE establishment stock, UTF-8" in html and "départements 33" in html
    assert 'name="map_name"' not in html and 'name="encoding"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = columns_post(operator_client, page)
    dry_run = ImportRun.objects.get()
    assert dry_run.status == ImportRun.Status.DONE, dry_run.error
    assert dry_run.file_format == "sirene"
    assert dry_run.options == {"departements": ["33"], "communes": []}
    assert (dry_run.rows_done, dry_run.created_count, dry_run.skipped_count) == (9, 4, 5)
    assert not Source.objects.exists() and not Maker.objects.exists()
    html = operator_client.get(response["Location"]).content.decode()
    cells = r"<tr><td>(\d+)</td><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>"
    rows = re.findall(cells, html)
    # Every row in the file's order, those out of scope too.
    assert [int(row) for row, *_ in rows] == list(range(2, 11))
    outcomes = {int(row): (outcome, reason) for row, _key, outcome, reason in rows}
    assert outcomes[10] == (
        "skipped",
        "the commune 24322 is outside the chosen départements and communes",
    )
    assert "outside the chosen territory 1" in html and "closed establishment 1" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(f"/en/moderation/imports/{dry_run.pk}/importer/")
    real = ImportRun.objects.get(dry_run=False)
    assert real.status == ImportRun.Status.DONE, real.error
    assert (real.file_format, real.options) == ("sirene", dry_run.options)
    assert (real.rows_done, real.created_count, real.skipped_count) == (9, 4, 5)
    created = {siret for siret, (_cells, outcome) in ESTABLISHMENTS.items() if outcome == "created"}
    assert set(Maker.objects.values_list("source_key", flat=True)) == created
    source = Source.objects.get()
    assert (source.name, source.kind, source.licence, source.attribution) == (
        "répertoire SIRENE", "sirene", "Licence Ouverte 2.0", "INSEE, répertoire SIRENE"
    )  # fmt: skip

    # The next extract: an establishment closed since is flagged, and the page says so.
    rows = [cells for cells, outcome in ESTABLISHMENTS.values() if outcome == "created"]
    rows[0] = {**rows[0], "etatAdministratifEtablissement": "F"}
    path = stock_csv(tmp_path / "StockEtablissement_utf8.csv", rows)
    response = upload(
        operator_client, file_of(path), prefix="/en", file_format="sirene", departements="33",
        source=source.pk, name="",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = columns_post(
            operator_client, operator_client.get(response["Location"]), "import"
        )
    again = ImportRun.objects.latest("pk")
    assert (again.vanished_count, again.unchanged_count, again.skipped_count) == (1, 3, 1)
    assert Maker.objects.get(source_key="11111111100011").source_vanished_at is not None
    html = operator_client.get(response["Location"]).content.decode()
    assert '<th scope="row">Listings no longer in the source</th><td>1</td>' in html


def test_a_sirene_filter_with_a_wrong_code_is_refused(operator_client, upload_dir, tmp_path):
    path = stock_csv(tmp_path / "StockEtablissement_utf8.csv")
    response = upload(
        operator_client, file_of(path), prefix="/en", file_format="sirene", departements="Gironde"
    )
    assert response.status_code == 400
    assert "is not a département code (33, 2A, 974…)." in response.content.decode()
    assert nothing_written(upload_dir)


def test_an_openstreetmap_export_is_tried_then_imported_under_the_odbl(
    gironde, operator_client, tmp_path, django_capture_on_commit_callbacks
):
    path = overpass_json(tmp_path / "export.json")
    response = upload(
        operator_client, file_of(path), prefix="/en", file_format="osm", name="", licence=""
    )
    assert response.status_code == 302
    page = operator_client.get(response["Location"])
    html = page.content.decode()
    assert "OpenStreetMap export (Overpass JSON), UTF-8" in html and ">6<" in html
    assert 'name="map_name"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = columns_post(operator_client, page)
    dry_run = ImportRun.objects.get()
    assert dry_run.status == ImportRun.Status.DONE, dry_run.error
    assert (dry_run.file_format, dry_run.created_count, dry_run.skipped_count) == ("osm", 3, 3)
    html = operator_client.get(response["Location"]).content.decode()
    assert "<td>no craft=* or shop=* tag</td>" in html
    assert not Maker.objects.exists()
    # The opening hours the parser refuses are told on the page, not only by the command.
    assert dry_run.warning_count == 1
    assert "1 opening hours value could not be read (kept as a note)." in html
    assert (
        "<li>Row 5 (key node/5): the opening hours “sur rendez-vous” cannot be read; they are "
        "kept as the note on the hours.</li>" in html
    )

    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(f"/en/moderation/imports/{dry_run.pk}/importer/")
    real = ImportRun.objects.get(dry_run=False)
    assert real.status == ImportRun.Status.DONE, real.error
    assert (real.file_format, real.created_count, real.skipped_count) == ("osm", 3, 3)
    assert real.skipped_reasons == {"osm_unmapped": 2, "food_category": 1}
    source = Source.objects.get()
    assert (source.name, source.kind, source.licence) == ("OpenStreetMap", "osm", "ODbL 1.0")
    assert source.share_alike  # its listings go to the ODbL files of the open data
    assert set(Maker.objects.values_list("source_key", flat=True)) == {"node/1", "way/45", "node/5"}
    assert Maker.objects.get(source_key="node/5").hours_note == "sur rendez-vous"
    assert (real.warning_count, len(real.warning_rows)) == (1, 1)


# --- the ODbL: OpenStreetMap data is always share-alike ------------------------------------
@pytest.mark.parametrize(
    ("export", "name", "kind"),
    [(geojson, "export.geojson", "GeoJSON"), (overpass_json, "export.json", "Overpass JSON")],
    ids=["overpass-turbo-geojson", "overpass-json"],
)
def test_an_openstreetmap_export_left_to_detection_is_known_by_its_content(
    gironde, operator_client, tmp_path, django_capture_on_commit_callbacks, export, name, kind
):
    """overpass-turbo names its GeoJSON export.geojson: its OSM ids say what it is, and its
    listings go to the ODbL files, never under the Licence Ouverte."""
    path = export(tmp_path / name)
    response = upload(
        operator_client, file_of(path), prefix="/en", file_format="", name="", licence=""
    )
    assert response.status_code == 302
    page = operator_client.get(response["Location"])
    assert f"OpenStreetMap export ({kind}), UTF-8" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        columns_post(operator_client, page, action="import")
    run = ImportRun.objects.get()
    assert (run.file_format, run.created_count) == ("osm", 3)
    source = Source.objects.get()
    assert (source.kind, source.licence, source.share_alike) == ("osm", "ODbL 1.0", True)


def test_a_source_of_openstreetmap_data_is_share_alike_whatever_its_format(
    gironde, operator_client, tmp_path, django_capture_on_commit_callbacks
):
    path = geojson(tmp_path / "export.geojson")
    response = upload(
        operator_client, file_of(path), file_format="geojson", kind="osm", name="Carte"
    )
    page = operator_client.get(response["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        # Read as GeoJSON, its columns are chosen: the crafts are not categories' names.
        columns_post(operator_client, page, "import", map_category="craft")
    source = Source.objects.get()
    assert (source.kind, source.share_alike) == ("osm", True)
    assert source_build(slug="osm", name="OSM", kind="osm", share_alike=False).share_alike


def test_a_new_source_may_be_said_share_alike(
    gironde, operator_client, django_capture_on_commit_callbacks
):
    page = operator_client.get("/en/moderation/imports/nouveau/").content.decode()
    assert 'name="share_alike"' in page and "Share-alike licence (ODbL)" in page
    response = upload(operator_client, csv_file(), licence="ODbL 1.0", share_alike="on")
    with django_capture_on_commit_callbacks(execute=True):
        columns_post(operator_client, operator_client.get(response["Location"]), "import")
    assert Source.objects.get().share_alike


@pytest.mark.parametrize(
    ("file_name", "head", "expected"),
    [
        ("makers.csv", b"id;name", "csv"),
        ("StockEtablissement_utf8.csv", b"siren,siret", "sirene"),
        ("verriers.geojson", b'{"type": "FeatureCollection", "features": [{"id": 12', "geojson"),
        ("export.geojson", b'{"features": [{"type": "Feature", "id": "way/45"', "osm"),
        ("export.geojson", b'{"features": [{"properties": {"@id" : "relation/7"', "osm"),
        ("interpreter.json", b'{"version": 0.6, "elements" : [', "osm"),
        # Only the beginning is read: an OSM id far into the file says nothing.
        (
            "verriers.geojson",
            b'{"features": [' + b" " * GUESS_HEAD_BYTES + b'{"id": "node/1"',
            "geojson",
        ),
    ],
)
def test_the_format_is_guessed_from_the_name_and_the_beginning(file_name, head, expected):
    assert import_format_guess(file_name=file_name, head=head) == expected
