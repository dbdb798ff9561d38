"""The widget's URL filters: a label, a radius around a place, and parameters it cannot read
(which it names, keeping the others, instead of silently showing every maker)."""

import re

import pytest

from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.makers.tests.factories import MakerFactory
from localiste.places.models import Place
from localiste.places.services import gazetteer_load, territory_sync_from_places

pytestmark = pytest.mark.django_db

LIST = "/en/embed/liste/"


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


@pytest.fixture
def around_bordeaux(gironde):
    """Makers in Mérignac, Bordeaux (about 5 km east) and Arcachon (about 50 km south-west)."""
    town = {name: Place.objects.filter(name=name).first() for name in ("Mérignac", "Arcachon")}
    return {
        "merignac": MakerFactory(
            name="Atelier de Mérignac",
            latitude=44.8421,
            longitude=-0.6464,
            postcode="33700",
            locality="Mérignac",
            place=town["Mérignac"],
        ),
        "bordeaux": MakerFactory(name="Atelier de Bordeaux"),
        "arcachon": MakerFactory(
            name="Atelier du Bassin",
            latitude=44.6586,
            longitude=-1.1689,
            postcode="33120",
            locality="Arcachon",
            place=town["Arcachon"],
        ),
    }


def names_listed(html: str) -> list[str]:
    """The makers' names in the widget's list, in order."""
    return re.findall(r'<h2 class="embed-list__name"><a [^>]*>([^<]*)<', html)


def notes(html: str) -> list[str]:
    return re.findall(r'<p class="embed__note"[^>]*>(.*?)</p>', html, re.S)


def test_the_widget_shows_only_the_makers_holding_a_label(client):
    epv = LabelFactory(slug="t-epv")
    MakerFactory(name="Labellisé", labels=[epv])
    MakerFactory(name="Sans label")

    html = client.get(LIST, {"label": "t-epv"}).content.decode()

    assert names_listed(html) == ["Labellisé"]
    assert notes(html) == []


def test_a_radius_around_a_town_shows_the_makers_within_it_nearest_first(client, around_bordeaux):
    html = client.get(LIST, {"lieu": "Mérignac", "rayon": "10"}).content.decode()

    assert names_listed(html) == ["Atelier de Mérignac", "Atelier de Bordeaux"]
    assert "5.2 km from Mérignac" in html  # each card says how far it is

    html = client.get(LIST, {"lieu": "33700", "rayon": "100"}).content.decode()
    assert names_listed(html) == ["Atelier de Mérignac", "Atelier de Bordeaux", "Atelier du Bassin"]


def test_without_a_radius_a_place_still_means_its_commune(client, around_bordeaux):
    html = client.get(LIST, {"lieu": "Mérignac"}).content.decode()

    assert names_listed(html) == ["Atelier de Mérignac"]


def test_a_radius_combines_with_the_other_filters(client, gironde):
    epv = LabelFactory(slug="t-epv")
    MakerFactory(name="Labellisé proche", labels=[epv])  # Bordeaux
    MakerFactory(name="Proche sans label")
    MakerFactory(name="Labellisé loin", labels=[epv], latitude=44.6586, longitude=-1.1689)

    html = client.get(LIST, {"lieu": "Mérignac", "rayon": "10", "label": "t-epv"}).content

    assert names_listed(html.decode()) == ["Labellisé proche"]


def test_a_radius_out_of_bounds_is_brought_within_them_and_said(client, around_bordeaux):
    html = client.get(LIST, {"lieu": "Mérignac", "rayon": "5000"}).content.decode()

    assert names_listed(html) == ["Atelier de Mérignac", "Atelier de Bordeaux", "Atelier du Bassin"]
    assert notes(html) == ["Distances go from 5 to 100 km: 100 km was used."]


def test_a_radius_goes_to_the_search_page_distance_nearest_to_it(client, around_bordeaux):
    # 30 km is served as the search page serves it: 25 km (Arcachon, ~50 km, is outside).
    html = client.get(LIST, {"lieu": "Mérignac", "rayon": "30"}).content.decode()

    assert names_listed(html) == ["Atelier de Mérignac", "Atelier de Bordeaux"]
    assert notes(html) == ["Distances go from 5 to 100 km: 25 km was used."]


@pytest.mark.parametrize("place", ["", "Atlantide"])
def test_a_distance_that_is_not_used_is_not_said_to_be_adjusted(client, around_bordeaux, place):
    html = client.get(LIST, {"lieu": place, "rayon": "500"}).content.decode()

    assert not any("was used" in note for note in notes(html)), notes(html)
    assert len(notes(html)) == 1


@pytest.mark.parametrize("name", ["categorie", "territoire", "label", "lieu", "rayon"])
def test_a_nul_character_in_a_parameter_is_named_not_an_error(client, name):
    # PostgreSQL text cannot hold NUL: it must never reach a query (that was a 500).
    response = client.get(LIST, {name: "bois\x00"})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
    assert client.get("/en/integrer/", {name: "bois\x00"}).status_code in (200, 400)


def test_a_radius_that_is_no_number_is_named_and_the_commune_kept(client, around_bordeaux):
    html = client.get(LIST, {"lieu": "Mérignac", "rayon": "far"}).content.decode()

    assert names_listed(html) == ["Atelier de Mérignac"]
    assert notes(html) == ["The distance “far” is not a whole number of kilometres: it is ignored."]


def test_a_radius_without_a_place_is_named(client, around_bordeaux):
    html = client.get(LIST, {"rayon": "10"}).content.decode()

    assert len(names_listed(html)) == 3
    assert notes(html) == ["A distance needs a town or postcode (lieu): it is ignored."]


def test_an_unknown_category_keeps_the_other_filters_and_is_named(client):
    epv = LabelFactory(slug="t-epv")
    MakerFactory(name="Labellisé", labels=[epv])
    MakerFactory(name="Sans label")

    response = client.get(LIST, {"label": "t-epv", "categorie": "t-nulle-part"})

    assert response.status_code == 200
    html = response.content.decode()
    assert names_listed(html) == ["Labellisé"]
    assert notes(html) == ["There is no category “t-nulle-part”: all categories are shown."]


def test_unknown_territory_and_label_are_named_and_the_category_kept(client):
    wood = CategoryFactory(slug="t-bois")
    MakerFactory(name="Bois", primary_category=wood)
    MakerFactory(name="Autre")

    html = client.get(
        LIST, {"categorie": "t-bois", "territoire": "atlantide", "label": "t-aucun"}
    ).content.decode()

    assert names_listed(html) == ["Bois"]
    assert notes(html) == [
        "There is no territory “atlantide”: makers of every territory are shown.",
        "There is no label “t-aucun”: makers with or without a label are shown.",
    ]


def test_the_notes_are_in_the_map_widget_too_and_escaped(client):
    MakerFactory(name="Autre")
    html = client.get("/en/embed/carte/", {"categorie": "<b>x</b>"}).content.decode()

    assert "There is no category “&lt;b&gt;x&lt;/b&gt;”: all categories are shown." in html


def test_the_builder_offers_labels_and_radii_and_puts_them_in_the_snippet(client, gironde):
    LabelFactory(slug="t-epv", name_en="Living heritage")
    html = client.get("/en/integrer/").content.decode()
    assert '<option value="t-epv">Living heritage</option>' in html
    assert '<select name="rayon"' in html

    html = client.get(
        "/en/integrer/",
        {"kind": "liste", "label": "t-epv", "lieu": "Mérignac", "rayon": "25", "height": 600},
    ).content.decode()

    assert "/en/embed/liste/?label=t-epv&amp;amp;lieu=M%C3%A9rignac&amp;amp;rayon=25" in html


def test_the_builder_refuses_a_radius_without_a_place(client, gironde):
    html = client.get("/en/integrer/", {"kind": "liste", "rayon": "25", "height": 600}).content

    assert "Give a town or postcode for the distance to count from." in html.decode()
    assert "embed-snippet" not in html.decode()


def test_the_builder_refuses_a_town_it_does_not_know(client, gironde):
    html = client.get(
        "/en/integrer/", {"kind": "liste", "lieu": "Nulle-Part-sur-Mer", "height": 600}
    ).content.decode()

    assert "We could not find the place “Nulle-Part-sur-Mer”." in html
    assert "embed-snippet" not in html
