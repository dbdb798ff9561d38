"""Rows without coordinates are located: the street through the online geocoder when one is
configured (a stub server on 127.0.0.1 replays BAN and Nominatim answers: the geocoders'
own tests, whose server this reuses), else the commune through the gazetteer."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from localiste.makers.models import Maker
from localiste.places.models import Place
from localiste.places.services import gazetteer_load, territory_sync_from_places
from localiste.places.tests import test_geocoders as stubs

StubHandler = stubs.StubHandler
# The geocoders' tests' fixtures: their stub server, and the settings pointing at it.
stub_url = stubs.stub_url
geocoders = stubs.geocoders

pytestmark = pytest.mark.django_db

ROWS = (
    "id;Nom;Catégorie;Adresse;Code postal;Ville\n"
    "1;Atelier Rue;Verre;12 avenue X;33700;Mérignac\n"
    "2;Atelier Commune;Verre;;33700;Mérignac\n"
)


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


@pytest.fixture
def makers_csv(tmp_path) -> Path:
    path = tmp_path / "makers.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def import_file(path: Path) -> None:
    call_command(
        "import_csv", str(path), "--source", "asso", "--create-source", "--language", "en",
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip


def test_a_street_is_located_by_the_ban_and_a_commune_by_the_gazetteer(
    gironde, geocoders, makers_csv
):
    geocoders.GEOCODER = "ban"
    import_file(makers_csv)
    street = Maker.objects.get(source_key="1")
    assert (street.latitude, street.longitude) == (44.8388, -0.6452)
    assert street.location_precision == Maker.Precision.EXACT
    merignac = Place.objects.get(official_code="33281")
    commune = Maker.objects.get(source_key="2")
    assert (commune.latitude, commune.longitude) == (merignac.latitude, merignac.longitude)
    assert commune.location_precision == Maker.Precision.COMMUNE
    # One request, for the street; the commune needed none.
    assert [request["path"] for request in StubHandler.requests] == ["/ban/search/"]
    assert StubHandler.requests[0]["query"]["postcode"] == "33700"


def test_an_answer_far_from_the_commune_is_not_taken(gironde, geocoders, makers_csv):
    # The stub's Nominatim answer is in London: another "12 avenue X", not this one.
    geocoders.GEOCODER = "nominatim"
    import_file(makers_csv)
    merignac = Place.objects.get(official_code="33281")
    street = Maker.objects.get(source_key="1")
    assert (street.latitude, street.longitude) == (merignac.latitude, merignac.longitude)
    assert StubHandler.requests[0]["path"] == "/osm/search"


def test_offline_every_row_is_located_by_its_commune(gironde, geocoders, makers_csv):
    geocoders.GEOCODER = ""
    import_file(makers_csv)
    merignac = Place.objects.get(official_code="33281")
    assert set(Maker.objects.values_list("latitude", "longitude")) == {
        (merignac.latitude, merignac.longitude)
    }
    assert StubHandler.requests == []
