"""Makers belong to the territories that contain their commune, whichever side changes."""

import pytest

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
