"""Makers belong to the territories that contain their commune, whichever side changes."""

import json

import pytest
from django.urls import reverse

from localiste.makers import services
from localiste.makers.models import Maker
from localiste.makers.tests.factories import MakerFactory
from localiste.places.models import Place, Territory
from localiste.places.selectors import places_in_territory, territories_containing
from localiste.places.services import gazetteer_load, territory_save, territory_sync_from_places

pytestmark = pytest.mark.django_db


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


def maker_in(name: str) -> Maker:
    place = Place.objects.get(name=name, department_code="33")
    maker = MakerFactory(
        name=f"Atelier de {name}", place=place, latitude=place.latitude, longitude=place.longitude
    )
    services.maker_territories_refresh(maker=maker)
    return maker


def slugs(maker: Maker) -> set[str]:
    return set(maker.territories.values_list("slug", flat=True))


def test_places_in_a_territory_are_those_it_contains(gironde):
    for territory in Territory.objects.all():
        inside = set(places_in_territory(territory).values_list("pk", flat=True))
        for place in Place.objects.filter(department_code="33")[:60]:
            assert (place.pk in inside) == (territory in territories_containing(place))


def test_a_territory_switched_off_and_on_loses_and_regains_its_makers(client, gironde):
    maker = maker_in("Mérignac")
    metropolis = Territory.objects.get(slug="bordeaux-metropole")
    assert "bordeaux-metropole" in slugs(maker)

    metropolis.is_active = False
    territory_save(territory=metropolis)
    assert "bordeaux-metropole" not in slugs(maker)

    metropolis.is_active = True
    territory_save(territory=metropolis)
    assert "bordeaux-metropole" in slugs(maker)
    page = client.get("/api/v1/search", {"territory": "bordeaux-metropole"}).json()
    assert [hit["name"] for hit in page["results"]] == ["Atelier de Mérignac"]


def test_a_custom_area_drawn_in_the_admin_takes_the_makers_inside(operator_client, gironde):
    client = operator_client
    inside, outside = maker_in("Arcachon"), maker_in("Mérignac")
    square = [[-1.3, 44.6], [-1.1, 44.6], [-1.1, 44.7], [-1.3, 44.7], [-1.3, 44.6]]
    response = client.post(
        reverse("admin:places_territory_add"),
        {
            "slug": "bassin",
            "name": "Bassin d'Arcachon",
            "kind": "custom",
            "country_code": "FR",
            "boundary": json.dumps({"type": "Polygon", "coordinates": [square]}),
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    bassin = Territory.objects.get(slug="bassin")
    assert (bassin.min_longitude, bassin.max_latitude) == (-1.3, 44.7)
    assert "bassin" in slugs(inside) and "bassin" not in slugs(outside)
    page = client.get("/api/v1/search", {"territory": "bassin"}).json()
    assert [hit["name"] for hit in page["results"]] == ["Atelier de Arcachon"]
