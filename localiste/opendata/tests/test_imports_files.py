"""Files as operators bring them: encodings, separators, GeoJSON, and the bad ones refused
with one clear line, nothing written."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from localiste.makers.models import Maker, Source
from localiste.opendata.imports import geojsonfile
from localiste.opendata.imports.csvfile import encoding_detect
from localiste.opendata.imports.files import ImportFileError, import_file_open
from localiste.opendata.imports.formats import import_format_get
from localiste.opendata.imports.seen import SeenKeys
from localiste.opendata.models import ImportRun
from localiste.places.models import Place
from localiste.places.services import gazetteer_load, territory_sync_from_places

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


def run(command: str, path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command(command, str(path), "--language", "en", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(command: str, path: Path, *args: str) -> str:
    """The one line a refused file gives; and nothing was written, not even a source."""
    with pytest.raises(CommandError) as error:
        run(command, path, "--source", "asso", "--create-source", *args)
    assert not Source.objects.exists() and not ImportRun.objects.exists()
    assert not Maker.objects.exists()
    message = str(error.value)
    assert "\n" not in message
    return message


CSV_ROWS = [
    ["id", "Nom", "Catégorie", "Code postal", "Ville", "Téléphone"],
    ["1", "Poterie Bérénice", "Céramique", "33700", "Mérignac", "05 56 00 00 01"],
    ["2", "Maroquinerie Noël", "maroquinerie", "33000", "Bordeaux", "05 56 00 00 02"],
]


def write_csv(path: Path, *, encoding: str, delimiter: str = ";", rows=CSV_ROWS) -> Path:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("latin-1", ";"), ("cp1252", ";"), ("utf-8-sig", ","), ("utf-8", "\t"), ("utf-16", "\t")],
)
def test_encodings_and_separators_are_detected(gironde, tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "makers.csv", encoding=encoding, delimiter=delimiter)
    output = run("import_csv", path, "--source", "asso", "--create-source")
    assert Maker.objects.count() == 2
    maker = Maker.objects.get(source_key="1")
    assert maker.name == "Poterie Bérénice" and maker.place.name == "Mérignac"
    assert maker.primary_category.slug == "ceramique"
    assert Maker.objects.get(source_key="2").name == "Maroquinerie Noël"
    assert "2 created" in output


def test_latin1_is_told_apart_from_utf8_on_the_whole_file(tmp_path):
    # The first megabyte is plain ASCII: only the end says the file is not UTF-8.
    path = tmp_path / "late.csv"
    path.write_bytes(b"a;b\r\n" + b"x;y\r\n" * 300_000 + "é;è\r\n".encode("latin-1"))
    assert encoding_detect(path) == "cp1252"
    path.write_bytes("é;è\r\n".encode("latin-1") + b"\x81;x\r\n")
    assert encoding_detect(path) == "latin-1"
    path.write_bytes("é;è\r\n".encode())
    assert encoding_detect(path) == "utf-8"


def test_a_wrong_encoding_given_is_a_clear_error(gironde, tmp_path):
    path = write_csv(tmp_path / "makers.csv", encoding="latin-1")
    assert "cannot be read as UTF-8: choose its encoding" in refused(
        "import_csv", path, "--encoding", "utf-8"
    )


def test_quoted_cells_may_hold_separators_and_lines(gironde, tmp_path):
    path = tmp_path / "makers.csv"
    path.write_text(
        'id,Nom,Catégorie,Description,Ville\n1,"Verre, Feu & Co",Verre,"Deux\nlignes",Bordeaux\n'
        "2,Atelier Deux,Verre,,Bordeaux\n",
        encoding="utf-8",
    )
    output = run("import_csv", path, "--source", "asso", "--create-source", "--dry-run", "-v", "2")
    assert "Row 2 (key 1): created" in output and "Row 3 (key 2): created" in output
    run("import_csv", path, "--source", "asso", "--create-source")
    maker = Maker.objects.get(source_key="1")
    assert (maker.name, maker.story) == ("Verre, Feu & Co", "Deux\nlignes")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64, "spreadsheet workbook"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary data"),
        (b"Bonjour, ceci est une lettre.\nBien a vous\n", "No column gives the key"),
        (b"Bonjour ceci est une lettre\nBien a vous\n", "no column separator"),
        (b'{"type": "FeatureCollection", "features": []}', "import it as GeoJSON"),
        (b"", "empty"),
    ],
)
def test_what_is_not_a_csv_is_refused(db, tmp_path, content, expected):
    path = tmp_path / "makers.csv"
    path.write_bytes(content)
    message = refused("import_csv", path)
    assert expected in message


def test_a_csv_that_breaks_late_is_refused_before_any_row_is_written(gironde, tmp_path):
    rows = [*CSV_ROWS, ["3", "Tissage " + "x" * 140_000, "Tissage", "33000", "Bordeaux", ""]]
    path = write_csv(tmp_path / "makers.csv", encoding="utf-8", rows=rows)
    assert "after row 3" in refused("import_csv", path)


def test_a_file_over_the_limit_is_refused(db, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    path = write_csv(tmp_path / "makers.csv", encoding="utf-8")
    assert "IMPORT_MAX_BYTES" in refused("import_csv", path)


def test_a_missing_file_a_missing_source_and_bad_mappings_are_clear_errors(gironde, tmp_path):
    assert "no file" in refused("import_csv", tmp_path / "nowhere.csv")
    path = write_csv(tmp_path / "makers.csv", encoding="utf-8")
    with pytest.raises(CommandError, match="no source “asso”"):
        run("import_csv", path, "--source", "asso")
    assert "No column “Name”" in refused("import_csv", path, "--map", "name=Name")
    assert "not FIELD=COLUMN" in refused("import_csv", path, "--map", "nom=Nom")
    assert "category" in refused("import_csv", path, "--map", "category=")


def test_the_mapping_is_saved_with_the_source_for_the_next_file(gironde, tmp_path):
    rows = [["ref", "Atelier", "Métier spécial", "Ville"], ["a", "Atelier A", "Verre", "Bordeaux"]]
    path = write_csv(tmp_path / "one.csv", encoding="utf-8", rows=rows)
    args = ["--source", "asso", "--create-source", "--map", "category=Métier spécial"]
    run("import_csv", path, *args, "--map", "name=Atelier")
    source = Source.objects.get()
    assert source.mapping == {"key": "ref", "name": "Atelier", "category": "Métier spécial",
                              "locality": "Ville"}  # fmt: skip
    rows[1] = ["b", "Atelier B", "Verre", "Bordeaux"]
    run(
        "import_csv",
        write_csv(tmp_path / "two.csv", encoding="utf-8", rows=rows),
        "--source",
        "asso",
    )
    assert Maker.objects.get(source_key="b").name == "Atelier B"


def test_a_run_records_its_progress_as_it_goes(gironde, tmp_path, settings):
    settings.IMPORT_BATCH_ROWS = 10
    settings.IMPORT_PROGRESS_ROWS = 20
    settings.IMPORT_ROWS_KEPT = 3
    rows = [CSV_ROWS[0]] + [
        [str(n), f"Atelier {n}" if n % 10 else "", "Verre", "33000", "Bordeaux", ""]
        for n in range(100)
    ]
    path = write_csv(tmp_path / "makers.csv", encoding="utf-8", rows=rows)
    seen = []

    from localiste.opendata.imports import import_file_open, import_run_create, import_run_execute
    from localiste.opendata.imports.fields import mapping_resolve

    source = Source.objects.create(slug="asso", name="Asso", kind="csv")
    file = import_file_open(path, file_format="csv")
    scan = file.scan()
    mapping = mapping_resolve(columns=scan.columns, saved={}, given={})
    record = import_run_create(source=source, file=file, dry_run=False, mapping=mapping)

    def progress(rows: int) -> None:
        seen.append(ImportRun.objects.get(pk=record.pk).rows_done)

    import_run_execute(run=record, file=file, on_progress=progress)
    assert seen[-1] < 100 and sorted(seen) == seen and max(seen) >= 60
    record.refresh_from_db()
    assert (record.rows_total, record.rows_done, record.created_count) == (100, 100, 90)
    assert record.skipped_count == 10 and len(record.skipped_rows) == 3
    assert record.skipped_reasons == {"missing_name": 10}
    assert record.status == ImportRun.Status.DONE and record.rows_per_second > 0


def test_a_report_lists_every_row(gironde, tmp_path):
    path = write_csv(tmp_path / "makers.csv", encoding="utf-8")
    report = tmp_path / "report.csv"
    run("import_csv", path, "--source", "asso", "--create-source", "--report", str(report))
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[1:] == ["2,1,created,,", "3,2,created,,"]


def test_keys_seen_stay_known_once_moved_out_of_memory():
    seen = SeenKeys(in_memory=3)
    assert [seen.first_row(f"k{n}", n) for n in range(10)] == [None] * 10
    assert seen.rows and seen._db is not None
    assert seen.first_row("k1", 50) == 1 and seen.first_row("k9", 51) == 9
    assert seen.first_row("k10", 52) is None
    seen.close()


# --- GeoJSON -----------------------------------------------------------------------------------


def feature(fid, name, geometry, **properties):
    return {
        "type": "Feature",
        "id": fid,
        "geometry": geometry,
        "properties": {"name": name, "category": "Verre", "city": "Bordeaux", **properties},
    }


def collection(*features, **members) -> dict:
    return {"type": "FeatureCollection", **members, "features": list(features)}


SQUARE = [[[-0.58, 44.83], [-0.56, 44.83], [-0.56, 44.85], [-0.58, 44.85], [-0.58, 44.83]]]


def test_a_feature_collection_imports_points_outlines_and_ids(gironde, tmp_path, monkeypatch):
    # Pieces of 7 characters: every feature spans many of them.
    monkeypatch.setattr(geojsonfile, "CHUNK_CHARS", 7)
    data = collection(
        feature("node/1", "Verrerie du Port", {"type": "Point", "coordinates": [-0.57, 44.84]}),
        feature("way/2", "Vitraux Lumière", {"type": "Polygon", "coordinates": SQUARE}),
        feature(3, "Atelier sans point", None, postcode="33000"),
        name="export",
    )
    path = tmp_path / "makers.geojson"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    output = run("import_geojson", path, "--source", "osm", "--create-source")
    assert "3 created" in output
    assert Source.objects.get().kind == "geojson"
    point = Maker.objects.get(source_key="node/1")
    assert (point.latitude, point.longitude) == (44.84, -0.57)
    outline = Maker.objects.get(source_key="way/2")
    assert outline.latitude == pytest.approx(44.838) and outline.longitude == pytest.approx(-0.572)
    bordeaux = Place.objects.get(official_code="33063")
    unlocated = Maker.objects.get(source_key="3")
    assert (unlocated.latitude, unlocated.place) == (bordeaux.latitude, bordeaux)
    assert unlocated.location_precision == Maker.Precision.COMMUNE


def test_a_property_may_be_the_key(gironde, tmp_path):
    data = collection(
        feature(None, "Verrerie", {"type": "Point", "coordinates": [-0.57, 44.84]}, ref="V1")
    )
    path = tmp_path / "makers.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    run("import_geojson", path, "--source", "osm", "--create-source")
    assert Maker.objects.get().source_key == "V1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"ty',
         "ends too early"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature"},', "ends too early"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature" "x"}]}',
         "not valid JSON at line 1"),
        ('{"type": "Feature", "geometry": null, "properties": {}}', "not a FeatureCollection"),
        ('{"type": "FeatureCollection"}', "no “features”"),
        ('{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
         '{"name": "urn:ogc:def:crs:EPSG::2154"}}, "features": []}', "WGS 84"),
        ("[1, 2]", "does not start with “{”"),
        ("id;name\n1;x\n", "does not start with “{”"),
    ],
)  # fmt: skip
def test_bad_geojson_files_are_refused(db, tmp_path, text, expected):
    path = tmp_path / "makers.geojson"
    path.write_text(text, encoding="utf-8")
    assert expected in refused("import_geojson", path)


def test_a_truncated_geojson_says_where_it_ends(db, tmp_path):
    data = collection(*(feature(n, f"A{n}", None) for n in range(200)))
    text = json.dumps(data, indent=1)
    path = tmp_path / "makers.geojson"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    lines = text[: len(text) // 2].count("\n") + 1
    assert f"ends too early, at line {lines}" in refused("import_geojson", path)


# --- files built to break the reader -------------------------------------------------------


def read_whole(path: Path, file_format: str) -> None:
    """Open, scan and read every row of `path`, as a run does."""
    if file_format == "osm":
        file = import_format_get("osm").open(path, {})
    else:
        file = import_file_open(path, file_format=file_format)
    file.scan()
    for _row in file.rows():
        pass


@pytest.mark.parametrize("file_format", ["geojson", "osm"])
def test_a_file_nested_thousands_deep_is_refused_with_a_message(db, tmp_path, file_format):
    nested = "[" * 3000 + "]" * 3000
    path = tmp_path / "deep.json"
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        f'{{"name": "x"}}, "geometry": {{"type": "Polygon", "coordinates": {nested}}}}}]}}',
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError, match="nested too deeply at line 1"):
        read_whole(path, file_format)


def test_a_geometry_nested_thousands_deep_gives_its_point_or_none():
    coordinates = [[-0.57, 44.84]]
    for _level in range(5000):
        coordinates = [coordinates]
    assert geojsonfile.geometry_point({"type": "Polygon", "coordinates": coordinates}) == (
        44.84,
        -0.57,
    )
    assert geojsonfile.geometry_point({"type": "Polygon", "coordinates": [[[[]]]]}) is None


def test_a_syntax_error_in_the_first_feature_of_a_large_file_says_where(db, tmp_path):
    features = [feature(n, f"Atelier {n}", None, story="x" * 500) for n in range(3000)]
    text = json.dumps(collection(*features), indent=1)
    broken = text.replace('"name": "Atelier 0",', '"name": "Atelier 0" "oops",', 1)
    line = broken[: broken.index('"oops"')].count("\n") + 1
    path = tmp_path / "makers.geojson"
    path.write_text(broken, encoding="utf-8")
    assert len(broken) > 1_000_000
    message = refused("import_geojson", path)
    assert f"not valid JSON at line {line}" in message
    assert "over 1000000 characters" not in message


def test_a_header_of_200000_columns_is_refused(db, tmp_path):
    path = tmp_path / "wide.csv"
    header = ";".join(f"c{n}" for n in range(200_000))
    path.write_text(f"id;Nom;{header}\n1;Atelier;x\n", encoding="utf-8")
    message = refused("import_csv", path)
    assert "200002 columns" in message and "at most 500" in message
