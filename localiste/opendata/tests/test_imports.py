"""Acceptance of CSV imports (issue 12): 10,000 rows with 3 % bad ones, dry run, real run,
the same file again, and a maker's edit kept on re-import."""

import csv
import io
import re
import time
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import translation

from localiste.catalog.models import Category
from localiste.makers import services
from localiste.makers.models import Maker, Membership, Source
from localiste.opendata.models import ImportRun
from localiste.places.models import Place
from localiste.places.services import gazetteer_load, territory_sync_from_places

pytestmark = pytest.mark.django_db

HEADER = ["id", "Nom", "Catégorie", "Accroche", "Code postal", "Ville", "Latitude", "Longitude"]
BAD_KINDS = ("bad_coordinates", "unknown_commune", "missing_name", "food_category", "duplicate")
# The reasons each kind of bad row is given, and the group the summary counts it in.
REASONS = {
    "bad_coordinates": {"coordinates_not_numbers", "coordinates_off_globe"},
    "unknown_commune": {"unknown_commune"},
    "missing_name": {"missing_name"},
    "food_category": {"food_category"},
    "duplicate": {"duplicate_key"},
}
GROUPS = {kind: kind for kind in BAD_KINDS} | {"duplicate": "duplicate_key"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


def bad_kind(index: int) -> str | None:
    """Three rows in a hundred are bad, the five kinds in turn (60 of each in 10,000)."""
    slots = (7, 41, 67)
    if index % 100 not in slots:
        return None
    return BAD_KINDS[(index // 100 * 3 + slots.index(index % 100)) % len(BAD_KINDS)]


def makers_csv(path: Path, rows: int) -> dict[int, str]:
    """A CSV of `rows` makers in Gironde communes; {row number: kind} of its bad rows."""
    communes = list(
        Place.objects.filter(department_code="33", latitude__isnull=False)
        .exclude(postcodes="")
        .order_by("-population")
        .values_list("name", "postcodes", "latitude", "longitude")[:40]
    )
    categories = list(
        Category.objects.filter(children__isnull=True)
        .order_by("pk")
        .values_list("name_fr", flat=True)[:60]
    )
    bad = {}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for index in range(rows):
            name, postcodes, latitude, longitude = communes[index % len(communes)]
            row = [
                f"K{index:05d}",
                f"Atelier {index}",
                categories[index % len(categories)],
                "Fait main",
                postcodes.split()[0],
                name,
                f"{latitude + (index % 7) / 1000:.5f}",
                f"{longitude - (index % 5) / 1000:.5f}",
            ]
            kind = bad_kind(index)
            if kind == "bad_coordinates":
                row[6] = "95.5" if index % 2 else "quarante-quatre"
            elif kind == "unknown_commune":
                row[4:6] = ["99999", "Atlantis"]
            elif kind == "missing_name":
                row[1] = ""
            elif kind == "food_category":
                row[2] = "Boulangerie" if index % 2 else "Vins et spiritueux"
            elif kind == "duplicate":
                row[0] = f"K{index - 1:05d}"
            if kind:
                bad[index + 2] = kind  # the header is row 1
            writer.writerow(row)
    return bad


def run_import(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command(
        "import_csv",
        str(path),
        "--source",
        "asso",
        "--language",
        "en",
        *args,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def skipped_lines(output: str) -> dict[int, str]:
    found = re.findall(r"^Row (\d+) \(key [^)]*\): skipped, (.*)$", output, re.MULTILINE)
    return {int(row): reason for row, reason in found}


# Batches commit for real, as in production: inside one test-long transaction, PostgreSQL
# keeps every version of the search index's counters, and each update reads them all.
@pytest.mark.django_db(transaction=True)
def test_ten_thousand_rows_dry_run_real_run_and_again(gironde, tmp_path):
    path = tmp_path / "makers.csv"
    bad = makers_csv(path, 10_000)
    assert len(bad) == 300
    create = ["--create-source", "--name", "Association", "--publish"]

    started = time.perf_counter()
    output = run_import(path, *create, "--dry-run")
    dry_seconds = time.perf_counter() - started
    # Each bad row is listed with its reason, every good one as created; nothing is written.
    lines = skipped_lines(output)
    assert set(lines) == set(bad)
    run = ImportRun.objects.get()
    by_row = {entry["row"]: entry for entry in run.skipped_rows}
    for number, kind in bad.items():
        assert by_row[number]["reason"] in REASONS[kind]
        assert lines[number] == by_row[number]["message"]
    assert output.count(": created") == 9_700
    assert (run.created_count, run.skipped_count, run.dry_run) == (9_700, 300, True)
    assert run.skipped_reasons == {GROUPS[kind]: 60 for kind in BAD_KINDS}
    assert run.source is None and not Source.objects.exists()
    assert not Maker.objects.exists() and not LogEntry.objects.exists()

    started = time.perf_counter()
    output = run_import(path, *create)
    real_seconds = time.perf_counter() - started
    run = ImportRun.objects.get(dry_run=False)
    assert (run.created_count, run.skipped_count, run.status) == (9_700, 300, ImportRun.Status.DONE)
    assert set(skipped_lines(output)) == set(bad)
    assert run.rows_done == run.rows_total == 10_000
    assert Maker.objects.filter(status=Maker.Status.PUBLISHED).count() == 9_700
    assert not Membership.objects.exists()
    source = Source.objects.get(slug="asso")
    assert source.last_imported_at == run.started_at
    assert source.mapping["name"] == "Nom" and source.mapping["category"] == "Catégorie"

    entries = LogEntry.objects.count()
    started = time.perf_counter()
    run_import(path)
    again_seconds = time.perf_counter() - started
    run = ImportRun.objects.order_by("-pk").first()
    assert (run.unchanged_count, run.created_count, run.updated_count) == (9_700, 0, 0)
    assert run.skipped_count == 300
    assert Maker.objects.count() == 9_700 and LogEntry.objects.count() == entries
    print(
        f"10,000 rows: dry run {dry_seconds:.1f} s, import {real_seconds:.1f} s, "
        f"again {again_seconds:.1f} s"
    )


def test_a_makers_edit_is_kept_when_the_source_is_imported_again(
    gironde, tmp_path, django_user_model
):
    path = tmp_path / "makers.csv"
    makers_csv(path, 5)
    run_import(path, "--create-source", "--name", "Association", "--publish")
    maker = Maker.objects.get(source_key="K00001")
    owner = django_user_model.objects.create_user("k1@example.org", "k1@example.org")
    Membership.objects.create(user=owner, maker=maker, role=Membership.Role.OWNER)
    services.maker_update(
        maker=maker, editor=owner, version=maker.version, fields={"tagline": "Ma propre accroche"}
    )
    text = path.read_text(encoding="utf-8").replace("Fait main", "Fait main en Gironde")
    path.write_text(text, encoding="utf-8")

    output = run_import(path)
    maker.refresh_from_db()
    assert maker.tagline == "Ma propre accroche"
    assert Maker.objects.get(source_key="K00002").tagline == "Fait main en Gironde"
    assert "Row 3 (key K00001): unchanged; kept, edited since the last import: tagline" in output
    run = ImportRun.objects.order_by("-pk").first()
    assert (run.updated_count, run.unchanged_count, run.kept_count) == (4, 1, 1)
    assert run.kept_rows == [{"row": 3, "key": "K00001", "fields": ["tagline"]}]


def test_a_row_skipped_on_re_import_leaves_its_listing_seen_and_untouched(gironde, tmp_path):
    path = tmp_path / "makers.csv"
    makers_csv(path, 5)
    run_import(path, "--create-source", "--name", "Association")
    before = Maker.objects.get(source_key="K00001")
    rows = path.read_text(encoding="utf-8").splitlines()
    cells = rows[2].split(";")
    cells[6] = "quarante-quatre"
    rows[2] = ";".join(cells)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")

    output = run_import(path)
    run = ImportRun.objects.order_by("-pk").first()
    assert "Row 3 (key K00001): skipped, the coordinates" in output
    after = Maker.objects.get(pk=before.pk)
    assert after.latitude == before.latitude
    # The source still lists it: not to be taken for a listing that vanished from it.
    assert after.source_seen_at == run.started_at > before.source_seen_at
