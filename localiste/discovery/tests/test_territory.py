"""A territory's home: its presentation, what is made there and its newest makers."""

import pytest

from localiste.makers import services
from localiste.places.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def metropolis(makers):
    """Bordeaux Métropole holding the two jewellers; the furniture maker is elsewhere."""
    territory = Territory.objects.get(slug="bordeaux-metropole")
    for maker in (makers["near"], makers["far"]):
        maker.territories.add(territory)
        services.search_index_maker(maker_id=maker.pk)
    return territory


@pytest.mark.parametrize(("prefix", "heading"), [("", "Bordeaux Métropole"), ("/en", "Makers")])
def test_the_territory_home_shows_its_makers_and_categories(
    client, makers, metropolis, prefix, heading
):
    response = client.get(f"{prefix}/territoires/bordeaux-metropole/")
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert "Bijoux de la Lune" in html and "Bijoux du Bassin" in html
    assert "Tables en chêne" not in html
    assert "?territoire=bordeaux-metropole&amp;categorie=t-bijoux" in html
    assert "t-meubles" not in html


def test_the_home_page_leads_to_the_default_territory(client, gironde):
    html = client.get("/").content.decode()
    assert 'href="/territoires/gironde/"' in html


def test_unknown_and_inactive_territories_are_not_found(client, gironde):
    assert client.get("/territoires/atlantide/").status_code == 404
    Territory.objects.filter(slug="france").update(is_active=False)
    assert client.get("/territoires/france/").status_code == 404


def test_the_sitemap_lists_active_territories(client, gironde):
    html = client.get("/sitemap-territories.xml").content.decode()
    assert "/territoires/gironde/" in html
