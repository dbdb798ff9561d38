"""Listings gone from their source: a file is the whole source by default, unless it is said
partial (--partial) or looks it (most listings missing: nothing flagged, --complete forces)."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from localiste.makers.models import Maker, Source
from localiste.opendata.imports.files import import_file_open
from localiste.opendata.imports.runs import import_run_create, import_run_execute
from localiste.opendata.imports.summary import import_run_summary
from localiste.opendata.models import ImportRun
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


def write_csv(path: Path, keys) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "Nom", "Catégorie", "Code postal", "Ville"])
        for key in keys:
            writer.writerow([key, f"Atelier {key}", "Céramique", "33000", "Bordeaux"])
    return path


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command(
        "import_csv", str(path), "--source", "asso", "--create-source", "--language", "en",
        *args, stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    return out.getvalue()


def flagged() -> set[str]:
    gone = Maker.objects.filter(source_vanished_at__isnull=False)
    return set(gone.values_list("source_key", flat=True))


def test_a_partial_file_flags_nothing(gironde, tmp_path):
    run(write_csv(tmp_path / "all.csv", "ABCD"))
    run(write_csv(tmp_path / "some.csv", "ABC"), "--partial")
    assert flagged() == set()
    assert ImportRun.objects.latest("pk").options["partial"] is True
    run(write_csv(tmp_path / "some.csv", "ABC"))  # a whole file, one listing in four gone
    assert flagged() == {"D"}


MANY = [f"K{n:02d}" for n in range(15)]


def test_a_file_missing_most_listings_flags_none_unless_complete(gironde, tmp_path, settings):
    run(write_csv(tmp_path / "all.csv", MANY))
    output = run(write_csv(tmp_path / "two.csv", MANY[:2]))
    assert flagged() == set()
    assert "13 of the 15 listings of the source are not in this file" in output
    assert "run with --complete" in output
    run_record = ImportRun.objects.latest("pk")
    assert run_record.vanished_count == 0
    assert run_record.options["vanished_held"] == {"count": 13, "covered": 15}

    settings.IMPORT_VANISHED_MAX_SHARE = 0.9
    run(write_csv(tmp_path / "two.csv", MANY[:2]))
    assert flagged() == set(MANY[2:])


def test_complete_forces_the_flags_and_the_page_passes_the_same_options(gironde, tmp_path):
    run(write_csv(tmp_path / "all.csv", MANY))
    run(write_csv(tmp_path / "two.csv", MANY[:2]), "--complete")
    assert flagged() == set(MANY[2:])

    # The page's way: the run's options, as import_start records them.
    source = Source.objects.get()
    path = write_csv(tmp_path / "none.csv", "E")
    file = import_file_open(path, file_format="csv")
    run_record = import_run_create(
        source=source, file=file, dry_run=False, mapping=source.mapping, options={"partial": True}
    )
    import_run_execute(run=run_record, file=file)
    run_record.refresh_from_db()
    assert flagged() == set(MANY[2:])
    assert "not in this file" not in import_run_summary(run_record)
