import csv
import gzip

import pytest
from django.core.management import call_command

from localiste.places.models import Place, PostalCode, Territory
from localiste.places.services import COMMUNES_FILE, gazetteer_load

pytestmark = pytest.mark.django_db


def gironde_rows() -> list[dict]:
    with gzip.open(COMMUNES_FILE, "rt", encoding="utf-8") as lines:
        return [row for row in csv.DictReader(lines) if row["department_code"] == "33"]


def test_department_subset_loads_every_gironde_commune_and_nothing_else():
    created = gazetteer_load(department="33")
    assert created == len(gironde_rows()) == Place.objects.count()
    assert set(Place.objects.values_list("department_code", flat=True)) == {"33"}
    assert PostalCode.objects.filter(code="33700", place__official_code="33281").exists()
    bordeaux = Place.objects.get(official_code="33063")
    assert set(bordeaux.postal_codes.values_list("code", flat=True)) == set(
        bordeaux.postcodes.split()
    )
    assert bordeaux.name_folded == "bordeaux" and bordeaux.epci_code == "243300316"


def test_second_load_changes_nothing_and_duplicates_nothing():
    gazetteer_load(department="33")
    counts = Place.objects.count(), PostalCode.objects.count()
    assert gazetteer_load(department="33") == 0
    assert (Place.objects.count(), PostalCode.objects.count()) == counts


def test_reload_repairs_edited_places_and_their_postcodes():
    gazetteer_load(department="33")
    merignac = Place.objects.get(official_code="33281")
    Place.objects.filter(pk=merignac.pk).update(name="Merignac?", population=1, postcodes="99999")
    PostalCode.objects.filter(place=merignac).update(code="99999")
    assert gazetteer_load(department="33") == 1
    merignac.refresh_from_db()
    assert (merignac.name, merignac.postcodes) == ("Mérignac", "33700")
    assert list(merignac.postal_codes.values_list("code", flat=True)) == ["33700"]


def test_unlocated_communes_keep_empty_coordinates():
    gazetteer_load(department="33")
    unlocated = {row["official_code"] for row in gironde_rows() if not row["latitude"]}
    assert unlocated, "the shipped data says some Gironde communes lack coordinates"
    in_db = Place.objects.filter(latitude__isnull=True).values_list("official_code", flat=True)
    assert set(in_db) == unlocated


def test_command_loads_the_subset_and_frames_the_territories(capsys):
    call_command("gazetteer_load", department="33")
    assert "places created or updated" in capsys.readouterr().out
    gironde = Territory.objects.get(slug="gironde")
    assert (gironde.kind, gironde.admin_code, gironde.parent.slug) == (
        "departement",
        "33",
        "nouvelle-aquitaine",
    )
    assert gironde.presentation_fr and gironde.presentation_en
    # The Gironde runs from the ocean (about -1.25°) to past Sainte-Foy-la-Grande (0.3°).
    assert -1.3 < gironde.min_longitude < -1.0 and 0.0 < gironde.max_longitude < 0.35
    assert 44.1 < gironde.min_latitude < 44.5 and 45.3 < gironde.max_latitude < 45.6
    assert gironde.min_latitude < gironde.latitude < gironde.max_latitude
    metropole = Territory.objects.get(slug="bordeaux-metropole")
    assert metropole.parent == gironde and metropole.admin_code == "243300316"
    assert (
        gironde.min_longitude
        < metropole.min_longitude
        < metropole.max_longitude
        < gironde.max_longitude
    )
    france = Territory.objects.get(slug="france")
    assert france.kind == "country" and france.min_longitude == -5.2  # its frame is shipped data

    call_command("gazetteer_load", department="33")
    assert Territory.objects.count() == 4
    assert "0 places created or updated" in capsys.readouterr().out


def test_country_filter_excludes_other_countries(tmp_path):
    sample = tmp_path / "sample.csv.gz"
    with gzip.open(COMMUNES_FILE, "rt", encoding="utf-8") as source:
        header = source.readline()
        first_rows = [source.readline() for _ in range(3)]
    town = "town,BE,2800866,Brussels,,,,,1019022,50.85045,4.34878\n"
    sample.write_text("")
    with gzip.open(sample, "wt", encoding="utf-8") as out:
        out.write(header + "".join(first_rows) + town)
    assert gazetteer_load(path=sample, country="BE") == 1
    brussels = Place.objects.get()
    assert (brussels.kind, brussels.country_code, brussels.postal_codes.count()) == (
        "town",
        "BE",
        0,
    )
    assert gazetteer_load(path=sample) == 3
