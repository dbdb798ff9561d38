"""The /donnees/ page: the files of the last export, in French and English, without JavaScript."""

import re

import pytest

from localiste.makers.models import Source
from localiste.makers.tests.factories import MakerFactory
from localiste.opendata.exports import opendata_export

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    return settings.OPENDATA_DIR


def links(html: str) -> list[str]:
    return re.findall(r'<a href="(/donnees/fichiers/[^"]+)"', html)


@pytest.mark.parametrize(("prefix", "language"), [("", "fr"), ("/en", "en")])
def test_the_page_lists_the_three_files(client, prefix, language):
    for number in range(3):
        MakerFactory(name=f"Atelier {number}")
    opendata_export()

    response = client.get(f"{prefix}/donnees/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert html.count("<h1>") == 1
    assert links(html)[:3] == [
        "/donnees/fichiers/fabricants.csv",
        "/donnees/fichiers/fabricants.geojson",
        "/donnees/fichiers/fabricants.jsonld",
    ]
    assert "/donnees/fichiers/fabricants.schema.json" in html
    assert "/donnees/fichiers/datapackage.json" in html
    assert len(re.findall(r"\b3 (?:makers|fabricants)\b", html)) == 3  # once per file
    assert 'rel="license noopener">Licence Ouverte 2.0 (Etalab)</a>' in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html)
    assert "<script>" not in html


def test_share_alike_files_are_listed_under_their_own_licence(client):
    osm = Source.objects.create(
        name="OpenStreetMap",
        slug="osm",
        kind=Source.Kind.OSM,
        licence="ODbL 1.0",
        licence_url="https://opendatacommons.org/licenses/odbl/1-0/",
        attribution="© les contributeurs d'OpenStreetMap",
        share_alike=True,
    )
    MakerFactory(name="Atelier OSM", source=osm, source_key="node/1")
    opendata_export()

    html = client.get("/en/donnees/").content.decode()

    assert "Makers imported from OpenStreetMap" in html
    assert "/donnees/fichiers/fabricants-osm.csv" in links(html)
    assert ">ODbL 1.0</a>" in html
    assert "© les contributeurs d&#x27;OpenStreetMap" in html


def test_before_the_first_export_the_page_says_the_files_are_coming(client):
    response = client.get("/donnees/")
    assert response.status_code == 200
    assert links(response.content.decode()) == []
    assert 'role="status"' in response.content.decode()


def test_the_page_only_answers_reads(client):
    assert client.post("/donnees/").status_code == 405
