import pytest

from localiste.places.geometry import boundary_contains
from localiste.places.models import Place, Territory
from localiste.places.selectors import territories_containing

pytestmark = pytest.mark.django_db

SQUARE_AROUND_SAINT_EMILION = {
    "type": "Polygon",
    "coordinates": [[[-0.3, 44.8], [0.0, 44.8], [0.0, 45.0], [-0.3, 45.0], [-0.3, 44.8]]],
}


def slugs(place: Place) -> list[str]:
    return [territory.slug for territory in territories_containing(place)]


def test_a_metropolis_commune_belongs_to_all_four_territories(gironde):
    merignac = Place.objects.get(official_code="33281")
    assert slugs(merignac) == ["france", "nouvelle-aquitaine", "gironde", "bordeaux-metropole"]


def test_a_commune_outside_the_metropolis_and_inactive_territories(gironde):
    saint_emilion = Place.objects.get(official_code="33394")
    assert slugs(saint_emilion) == ["france", "nouvelle-aquitaine", "gironde"]
    Territory.objects.filter(slug="gironde").update(is_active=False)
    assert slugs(saint_emilion) == ["france", "nouvelle-aquitaine"]


def test_custom_areas_match_by_their_boundary(gironde):
    Territory.objects.create(
        slug="libournais", name="Libournais", kind="custom", boundary=SQUARE_AROUND_SAINT_EMILION
    )
    assert "libournais" in slugs(Place.objects.get(official_code="33394"))
    assert "libournais" not in slugs(Place.objects.get(official_code="33281"))


def test_a_town_abroad_belongs_to_no_french_territory(gironde):
    london = Place.objects.create(
        name="London",
        name_folded="london",
        kind="town",
        country_code="GB",
        official_code="2643743",
        latitude=51.5,
        longitude=-0.12,
    )
    assert slugs(london) == []


def test_boundary_contains_handles_holes_multipolygons_and_junk():
    with_hole = {
        "type": "Polygon",
        "coordinates": [
            [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
            [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
        ],
    }
    assert boundary_contains(with_hole, 2, 2)
    assert not boundary_contains(with_hole, 5, 5)
    multi = {
        "type": "MultiPolygon",
        "coordinates": [with_hole["coordinates"], [[[20, 20], [21, 20], [21, 21], [20, 20]]]],
    }
    assert boundary_contains({"type": "Feature", "geometry": multi}, 20.2, 20.8)
    assert not boundary_contains(multi, 20.8, 20.2)
    assert not boundary_contains(None, 1, 1)
    assert not boundary_contains({"type": "Point", "coordinates": [1, 1]}, 1, 1)
