import math

import pytest

from localiste.places.geocoding import geocode
from localiste.places.models import Place
from localiste.places.selectors import place_suggestions

pytestmark = pytest.mark.django_db


def distance_km(place: Place, latitude: float, longitude: float) -> float:
    """Great-circle distance from the place's point to (latitude, longitude)."""
    lat1, lon1, lat2, lon2 = map(
        math.radians, [place.latitude, place.longitude, latitude, longitude]
    )
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


@pytest.mark.parametrize(
    ("query", "insee", "truth"),
    [
        ("merignac", "33281", (44.8443, -0.6466)),
        ("33700", "33281", (44.8443, -0.6466)),
        ("Saint-Émilion", "33394", (44.8936, -0.1553)),
        ("Bordeaux", "33063", (44.8378, -0.5792)),
    ],
)
def test_geocode_finds_the_commune_and_its_point(gironde, query, insee, truth):
    place = geocode(query)
    assert place.official_code == insee
    assert distance_km(place, *truth) < 3


@pytest.mark.parametrize(
    "query",
    ["SAINT EMILION", "saint emilion", "St-Émilion", "  Saint-Emilion  ", "SAINT-ÉMILION", "33330"],
)
def test_geocode_ignores_case_accents_hyphens_and_abbreviations(gironde, query):
    assert geocode(query).official_code == "33394"


@pytest.mark.parametrize(
    "query",
    [
        "33700 Mérignac",
        "Mérignac 33700",
        "Mérignac (33)",
        "Mérignac, France",
        "33700 MERIGNAC CEDEX",
    ],
)
def test_geocode_reads_postcode_and_department_forms(gironde, query):
    assert geocode(query).official_code == "33281"


def test_a_postcode_shared_by_several_communes_gives_the_most_populous(gironde):
    serving = Place.objects.filter(postal_codes__code="33000").order_by("-population")
    assert geocode("33000") == serving.first()
    # 33370 serves several communes: whichever is biggest wins, whatever the row order.
    communes = list(Place.objects.filter(postal_codes__code="33370"))
    assert len(communes) > 1
    assert geocode("33370") == max(communes, key=lambda place: place.population)


def test_a_misspelt_town_with_a_good_postcode_still_finds_the_postcode(gironde):
    assert geocode("33700 Merignak").official_code == "33281"


def test_homonyms_go_to_the_more_populous_unless_the_department_says_otherwise(gironde):
    Place.objects.create(
        name="Mérignac",
        name_folded="merignac",
        kind="commune",
        country_code="FR",
        official_code="17230",
        department_code="17",
        population=280,
    )
    assert geocode("Mérignac").official_code == "33281"
    assert geocode("Mérignac (17)").official_code == "17230"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "Atlantis",
        "99999",
        "💥🔨",
        "x" * 2000,
        "'; DROP TABLE places_place; --",
        "%",
        "_",
    ],
)
def test_unknown_or_garbage_input_gives_none(gironde, query):
    assert geocode(query) is None


def test_suggestions_match_the_start_of_the_name_most_populous_first(gironde):
    names = [place.name for place in place_suggestions("saint em")]
    assert names[0] == "Saint-Émilion"
    assert all(place.name_folded.startswith("saint m") for place in place_suggestions("Saint-M"))
    assert place_suggestions("mér", limit=1)[0].official_code == "33281"
    assert len(place_suggestions("s", limit=3)) == 3
    assert place_suggestions("") == []
    assert place_suggestions("🙂") == []
