"""Places abroad from an operator's CSV (a Belgian province), and a territory drawn on them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from localiste.places.models import Place, PostalCode, Territory
from localiste.places.selectors import places_with_postcode, territories_containing
from localiste.places.services import places_import

pytestmark = pytest.mark.django_db


def english_url(name: str) -> str:
    """The admin page `name` in English (under /en/), whose messages the tests read."""
    with translation.override("en"):
        return reverse(name)


NAMUR_CSV = """nom;codes_postaux;latitude;longitude;province;population
Namur;5000 5001 5002;50,4669;4,8675;NAM;111000
Dinant;5500;50,2606;4,9122;NAM;13500
Gembloux;5030;50,5614;4,6986;NAM;26000
Liège;4000;50,6326;5,5797;LIE;197000
"""


def upload(client, content: bytes, country="BE"):
    return client.post(
        english_url("admin:places_place_import"),
        {"file": SimpleUploadedFile("places.csv", content), "country_code": country},
    )


def test_an_operator_imports_a_province_and_draws_a_territory_on_it(operator_client):
    response = upload(operator_client, NAMUR_CSV.encode("cp1252"))  # a spreadsheet's export
    assert response.status_code == 302
    namur = Place.objects.get(country_code="BE", name="Namur")
    assert (namur.latitude, namur.longitude, namur.department_code) == (50.4669, 4.8675, "NAM")
    assert set(PostalCode.objects.filter(place=namur).values_list("code", flat=True)) == {
        "5000",
        "5001",
        "5002",
    }
    assert list(places_with_postcode(postcode="5500", country="BE")) == [
        Place.objects.get(name="Dinant")
    ]
    assert Place.objects.get(name="Liège").name == "Liège"  # Windows-1252 read as such

    response = operator_client.post(
        reverse("admin:places_territory_add"),
        {
            "slug": "namur",
            "name": "Province de Namur",
            "kind": "departement",
            "country_code": "BE",
            "is_active": "on",
            "drawn_from": "departements",
            "departements": "NAM",
        },
    )
    assert response.status_code == 302
    province = Territory.objects.get(slug="namur")
    assert province.min_latitude == 50.2606 and province.max_latitude == 50.5614
    assert province in territories_containing(namur)
    assert province not in territories_containing(Place.objects.get(name="Liège"))


def test_importing_the_same_file_twice_changes_nothing(db):
    assert places_import(raw=NAMUR_CSV.encode(), country="BE") == 4
    assert places_import(raw=NAMUR_CSV.encode(), country="be") == 0
    assert Place.objects.filter(country_code="BE").count() == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ville;lat\nNamur;50", "both the latitude and the longitude"),
        ("city,postcode\nNamur,5000", "at least “name”"),
        ("name,latitude,longitude\nNamur,north,4.8", "Line 2: the latitude is not a number"),
        ("name,latitude,longitude\n,50,4\n", "Line 2: the name is empty"),
        ("name,latitude,longitude\nNamur,150,4\n", "out of range"),
        ("name,province\nNamur,NAMURPROVINCE\n", "too long"),
        ("name\n", "lists no place"),
    ],
)
def test_a_bad_file_loads_nothing_and_says_why(operator_client, content, message):
    response = upload(operator_client, content.encode())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Place.objects.filter(country_code="BE").exists()


def test_the_command_loads_a_file_and_reports_errors(tmp_path, capsys):
    path = tmp_path / "namur.csv"
    path.write_text(NAMUR_CSV, encoding="utf-8")
    call_command("places_import", str(path), "--country", "BE")
    assert "4 places created or updated" in capsys.readouterr().out
    path.write_text("name,latitude\nX,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="latitude"):
        call_command("places_import", str(path), "--country", "BE")
