"""Territories operators draw in the admin (communes, départements, a GeoJSON file, a box),
the makers they take in, and what their home page and feed then show."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from localiste.makers import services
from localiste.makers.models import Maker, TerritoryFeature
from localiste.makers.tests.factories import MakerFactory
from localiste.places.models import Place, Territory
from localiste.places.services import gazetteer_load, territory_sync_from_places

pytestmark = pytest.mark.django_db


def english_url(name: str) -> str:
    """The admin page `name` in English (under /en/), whose messages the tests read."""
    with translation.override("en"):
        return reverse(name)


# Two rings around the Bassin d'Arcachon (Arcachon, La Teste) and Libourne: a MultiPolygon.
BASSIN = [[-1.30, 44.58], [-1.05, 44.58], [-1.05, 44.72], [-1.30, 44.72], [-1.30, 44.58]]
LIBOURNE = [[-0.30, 44.88], [-0.18, 44.88], [-0.18, 44.95], [-0.30, 44.95], [-0.30, 44.88]]


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


def maker_in(commune: str, **fields) -> Maker:
    place = Place.objects.get(name=commune, department_code="33")
    fields.setdefault("name", f"Atelier de {commune}")
    maker = MakerFactory(
        place=place,
        locality=commune,
        postcode=place.postcodes.split()[0],
        latitude=place.latitude,
        longitude=place.longitude,
        **fields,
    )
    services.maker_territories_refresh(maker=maker)
    services.search_index_maker(maker_id=maker.pk)
    return maker


def add_territory(client, **fields):
    data = {
        "slug": "bassin-libourne",
        "name": "Bassin et Libournais",
        "kind": "custom",
        "country_code": "FR",
        "is_active": "on",
        "drawn_from": "code",
        **fields,
    }
    return client.post(english_url("admin:places_territory_add"), data)


def geojson_file(document, name="area.geojson") -> SimpleUploadedFile:
    text = document if isinstance(document, str) else json.dumps(document)
    return SimpleUploadedFile(name, text.encode(), content_type="application/geo+json")


def home_names(client, slug: str) -> str:
    response = client.get(reverse("discovery:territory", kwargs={"slug": slug}))
    assert response.status_code == 200
    return response.content.decode()


def feed_titles(client, slug: str) -> str:
    response = client.get(reverse("sharing:feed_territory", kwargs={"slug": slug}))
    assert response.status_code == 200
    return response.content.decode()


def move(maker: Maker, to: str, operator) -> None:
    place = Place.objects.get(name=to, department_code="33")
    services.maker_operator_update(
        maker=maker,
        operator=operator,
        version=maker.version,
        fields={
            "place": place,
            "locality": to,
            "postcode": place.postcodes.split()[0],
            "latitude": place.latitude,
            "longitude": place.longitude,
        },
    )


def test_a_territory_from_an_uploaded_geojson_takes_the_makers_inside(
    operator_client, operator, client, gironde
):
    arcachon, libourne, merignac = maker_in("Arcachon"), maker_in("Libourne"), maker_in("Mérignac")
    form = operator_client.get(reverse("admin:places_territory_add")).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'name="boundary_file"' in form
    feature = {
        "type": "Feature",
        "properties": {"name": "Bassin et Libournais"},
        "geometry": {"type": "MultiPolygon", "coordinates": [[BASSIN], [LIBOURNE]]},
    }
    response = add_territory(
        operator_client, drawn_from="geojson", boundary_file=geojson_file(feature)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    area = Territory.objects.get(slug="bassin-libourne")
    assert area.boundary["type"] == "MultiPolygon" and area.boundary_display
    assert (area.min_longitude, area.max_latitude) == (-1.30, 44.95)

    home, feed = home_names(client, area.slug), feed_titles(client, area.slug)
    for page in (home, feed):
        assert "Atelier de Arcachon" in page and "Atelier de Libourne" in page
        assert "Atelier de Mérignac" not in page
    assert "data-outline=" in home  # the boundary is drawn on its map

    # Mérignac's maker moves to La Teste-de-Buch (inside), Libourne's to Mérignac (outside).
    move(merignac, "La Teste-de-Buch", operator)
    move(libourne, "Mérignac", operator)
    home, feed = home_names(client, area.slug), feed_titles(client, area.slug)
    for page in (home, feed):
        assert "Atelier de Mérignac" in page and "Atelier de Libourne" not in page
    assert set(area.makers.values_list("pk", flat=True)) == {arcachon.pk, merignac.pk}


def test_a_boundary_that_cuts_a_commune_goes_by_the_makers_own_position(operator_client, gironde):
    commune = Place.objects.get(name="Mérignac", department_code="33")
    # A small square a little west of the commune's centre: its point is outside.
    west = commune.longitude - 0.05
    square = [[west - 0.01, commune.latitude - 0.01], [west + 0.01, commune.latitude - 0.01],
              [west + 0.01, commune.latitude + 0.01], [west - 0.01, commune.latitude + 0.01],
              [west - 0.01, commune.latitude - 0.01]]  # fmt: skip
    near_airport = maker_in("Mérignac")
    near_airport.longitude, near_airport.latitude = west, commune.latitude
    near_airport.save(update_fields=["latitude", "longitude"])
    in_town = maker_in("Mérignac", name="Atelier du centre")
    response = add_territory(
        operator_client,
        drawn_from="geojson",
        boundary_file=geojson_file({"type": "Polygon", "coordinates": [square]}),
    )
    assert response.status_code == 302
    members = set(Territory.objects.get(slug="bassin-libourne").makers.all())
    assert members == {near_airport}
    services.maker_territories_refresh(maker=in_town)
    assert not in_town.territories.filter(slug="bassin-libourne").exists()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"type": "Polygon", "coordinates": [[[-1, 44], [0, 44]', "may be truncated"),
        ({"type": "Point", "coordinates": [-0.5, 44.8]}, "must be a GeoJSON Polygon"),
        ({"type": "Polygon", "coordinates": [[[200, 44], [201, 44], [201, 45], [200, 44]]]},
         "WGS 84"),
        ({"type": "Polygon", "coordinates": "nope"}, "Polygon or MultiPolygon"),
    ],
)  # fmt: skip
def test_a_bad_boundary_file_is_refused_with_a_clear_message(
    operator_client, gironde, document, message
):
    response = add_territory(
        operator_client, drawn_from="geojson", boundary_file=geojson_file(document)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Territory.objects.filter(slug="bassin-libourne").exists()


def test_a_self_crossing_boundary_is_repaired(operator_client, gironde):
    bowtie = [[-1.3, 44.6], [-1.1, 44.7], [-1.1, 44.6], [-1.3, 44.7], [-1.3, 44.6]]
    response = add_territory(
        operator_client,
        drawn_from="geojson",
        boundary_file=geojson_file({"type": "Polygon", "coordinates": [bowtie]}),
    )
    assert response.status_code == 302
    assert Territory.objects.get(slug="bassin-libourne").boundary["type"] == "MultiPolygon"


def test_a_territory_from_a_list_of_communes(operator_client, client, gironde):
    libourne, saint_emilion, bordeaux = (
        maker_in("Libourne"),
        maker_in("Saint-Émilion"),
        maker_in("Bordeaux"),
    )
    response = add_territory(
        operator_client, drawn_from="communes", communes="Libourne\nsaint emilion, 33330"
    )
    assert response.status_code == 302
    area = Territory.objects.get(slug="bassin-libourne")
    assert area.kind == "custom" and area.boundary is None
    assert area.listed_places.filter(name="Libourne").exists()
    assert set(area.makers.all()) == {libourne, saint_emilion}
    assert area.min_latitude is not None  # framed by its places, for its map
    page = home_names(client, area.slug)
    assert "Atelier de Saint-Émilion" in page and "Atelier de Bordeaux" not in page
    assert bordeaux.territories.filter(slug="gironde").exists()


def test_unknown_or_ambiguous_communes_are_named_in_the_error(operator_client, gironde):
    gazetteer_load(department="24")  # Quinsac and Saint-Estèphe exist in both départements
    response = add_territory(
        operator_client, drawn_from="communes", communes="Libourne, Nulleville, Quinsac"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Nulleville”: no such place." in page
    assert "“Quinsac” names 2 places" in page
    assert not Territory.objects.filter(slug="bassin-libourne").exists()

    response = add_territory(operator_client, drawn_from="communes", communes="Quinsac (33)")
    assert response.status_code == 302
    area = Territory.objects.get(slug="bassin-libourne")
    assert list(area.listed_places.values_list("department_code", flat=True)) == ["33"]


def test_a_territory_from_departements(operator_client, gironde):
    gazetteer_load(department="24")
    bergerac = Place.objects.get(name="Bergerac", department_code="24")
    in_dordogne = MakerFactory(
        name="Atelier de Bergerac",
        place=bergerac,
        latitude=bergerac.latitude,
        longitude=bergerac.longitude,
    )
    in_gironde = maker_in("Libourne")
    response = add_territory(operator_client, drawn_from="departements", departements="33, 24")
    assert response.status_code == 302
    area = Territory.objects.get(slug="bassin-libourne")
    assert set(area.makers.all()) == {in_dordogne, in_gironde}

    response = add_territory(
        operator_client, slug="dordogne", drawn_from="departements", departements="24"
    )
    dordogne = Territory.objects.get(slug="dordogne")
    assert (dordogne.kind, dordogne.admin_code) == ("departement", "24")
    assert set(dordogne.makers.all()) == {in_dordogne}

    response = add_territory(
        operator_client, slug="x", drawn_from="departements", departements="99"
    )
    assert response.status_code == 200 and "99" in response.content.decode()


def test_a_territory_from_a_bounding_box(operator_client, gironde):
    arcachon, bordeaux = maker_in("Arcachon"), maker_in("Bordeaux")
    response = add_territory(operator_client, drawn_from="bbox", bbox="-1.3, 44.6, -1.1, 44.7")
    assert response.status_code == 302
    assert set(Territory.objects.get(slug="bassin-libourne").makers.all()) == {arcachon}
    assert bordeaux.territories.filter(slug="gironde").exists()

    response = add_territory(operator_client, slug="bad", drawn_from="bbox", bbox="44.7, -1.1")
    assert response.status_code == 200
    assert "four numbers" in response.content.decode()


def test_operators_feature_members_of_a_territory_on_its_home(operator_client, client, gironde):
    chosen, other = maker_in("Libourne", name="Tonnellerie choisie"), maker_in("Bordeaux")
    libourne_area = Territory.objects.get(slug="gironde")
    response = operator_client.post(
        reverse("admin:makers_territoryfeature_add"),
        {"territory": libourne_area.pk, "maker": chosen.pk, "position": 1},
    )
    assert response.status_code == 302
    page = home_names(client, "gironde")
    featured = page.split('id="territory-featured-title"')[1].split("</section>")[0]
    assert "Tonnellerie choisie" in featured and other.name not in featured

    outside = MakerFactory(name="Atelier lointain")  # in no territory
    response = operator_client.post(
        english_url("admin:makers_territoryfeature_add"),
        {"territory": libourne_area.pk, "maker": outside.pk, "position": 2},
    )
    assert response.status_code == 200
    assert "not in the territory" in response.content.decode()
    assert TerritoryFeature.objects.count() == 1
