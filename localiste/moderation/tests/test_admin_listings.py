"""Operators editing listings in the admin: every save goes through the makers' services."""

import datetime

import pytest
from django.urls import reverse

from localiste.catalog.tests.factories import LabelFactory
from localiste.makers import services
from localiste.makers.models import Maker, OpeningPeriod, Photo, Product
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory, ProductFactory
from localiste.moderation.tests.admin_forms import admin_form_data
from localiste.places.models import Place
from localiste.places.services import gazetteer_load, territory_sync_from_places

pytestmark = pytest.mark.django_db


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")
    territory_sync_from_places()


def commune(name: str) -> Place:
    return Place.objects.get(name=name, department_code="33")


def change_url(maker: Maker) -> str:
    return reverse("admin:makers_maker_change", args=[maker.pk])


def found(client, text: str) -> list[str]:
    page = client.get("/api/v1/search", {"q": text})
    return [hit["name"] for hit in page.json()["results"]]


def test_an_operator_renames_and_moves_a_published_maker(client, operator_client, gironde):
    arcachon = commune("Arcachon")
    maker = MakerFactory(
        name="Atelier Dupont",
        street="3 quai du Port",
        postcode="33120",
        locality="Arcachon",
        place=arcachon,
        latitude=arcachon.latitude,
        longitude=arcachon.longitude,
    )
    services.maker_territories_refresh(maker=maker)
    services.search_index_maker(maker_id=maker.pk)
    assert "Atelier Dupont" not in client.get("/territoires/bordeaux-metropole/").content.decode()

    merignac = commune("Mérignac")
    page = operator_client.get(change_url(maker))
    data = admin_form_data(
        page,
        name="Atelier Lartigue",
        street="8 avenue de la Somme",
        postcode="33700",
        locality="Mérignac",
        place=merignac.pk,
        latitude=44.8421,
        longitude=-0.6464,
    )
    response = operator_client.post(change_url(maker), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert found(client, "Lartigue") == ["Atelier Lartigue"]
    assert found(client, "Dupont") == []
    metropolis = client.get("/territoires/bordeaux-metropole/").content.decode()
    assert "Atelier Lartigue" in metropolis
    maker.refresh_from_db()
    assert maker.status == Maker.Status.PUBLISHED and maker.version == 2
    assert "bordeaux-metropole" in set(maker.territories.values_list("slug", flat=True))


def test_a_stale_admin_form_is_refused_and_the_newer_save_kept(operator_client, operator):
    maker = MakerFactory(name="Atelier Avant")
    page = operator_client.get(change_url(maker))
    services.maker_operator_update(
        maker=maker, operator=operator, version=maker.version, fields={"tagline": "Plus récent"}
    )
    response = operator_client.post(change_url(maker), admin_form_data(page, tagline="Ancien"))
    assert response.status_code == 200
    assert "a enregistré cette fiche pendant que vous la modifiiez" in response.content.decode()
    maker.refresh_from_db()
    assert maker.tagline == "Plus récent"


def test_status_and_labels_changed_in_the_admin_reach_the_search(client, operator_client, operator):
    maker = MakerFactory(name="Poterie Suspendue")
    label = LabelFactory()
    page = operator_client.get(change_url(maker))
    data = admin_form_data(page, status=Maker.Status.SUSPENDED)
    data["labels"] = [str(label.pk)]
    assert operator_client.post(change_url(maker), data).status_code == 302
    assert found(client, "Poterie") == []
    maker.refresh_from_db()
    assert list(maker.labels.all()) == [label]
    assert maker.category_links.filter(listed_at__isnull=False).count() == 0


def test_an_operator_adds_a_listing_in_the_admin(client, operator_client):
    maker = MakerFactory(name="Modèle")  # for its category
    page = operator_client.get(reverse("admin:makers_maker_add"))
    data = admin_form_data(
        page,
        name="Ébénisterie Neuve",
        primary_category=maker.primary_category_id,
        status=Maker.Status.PUBLISHED,
        street="1 rue Neuve",
        postcode="33000",
        locality="Bordeaux",
        country="FR",
        location_precision="exact",
    )
    response = operator_client.post(reverse("admin:makers_maker_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Maker.objects.get(name="Ébénisterie Neuve")
    assert created.slug == "ebenisterie-neuve" and created.is_published
    assert found(client, "Ébénisterie") == ["Ébénisterie Neuve"]


def test_inline_hours_and_photo_descriptions_go_through_the_services(operator_client, operator):
    maker = MakerFactory(name="Atelier Horaires")
    photo = services.photo_add(
        maker=maker,
        editor=operator,
        upload=uploads.upload(uploads.image_bytes(400, 300)),
        kind=Photo.Kind.GALLERY,
        alt_text="Avant",
    )
    page = operator_client.get(change_url(maker))
    data = admin_form_data(page)
    data.update(
        {
            "opening_periods-TOTAL_FORMS": "1",
            "opening_periods-0-weekday": "2",
            "opening_periods-0-opens": "09:00",
            "opening_periods-0-closes": "12:00",
            "photos-0-alt_text": "Un bol émaillé bleu",
        }
    )
    assert operator_client.post(change_url(maker), data).status_code == 302
    [period] = OpeningPeriod.objects.filter(maker=maker)
    assert (period.weekday, period.opens) == (2, datetime.time(9))
    photo.refresh_from_db()
    assert photo.alt_text == "Un bol émaillé bleu"


def test_deleting_a_listing_in_the_admin_takes_it_off_the_site(client, operator_client):
    maker = MakerFactory(name="Verrerie Disparue")
    category = maker.primary_category
    assert found(client, "Verrerie") == ["Verrerie Disparue"]
    response = operator_client.post(
        reverse("admin:makers_maker_delete", args=[maker.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert found(client, "Verrerie") == []
    category.refresh_from_db()
    assert category.published_maker_count == 0


def test_a_product_edited_in_the_admin_is_found_by_its_new_name(client, operator_client):
    product = ProductFactory(name="Bol", maker=MakerFactory(name="Atelier Grès"))
    url = reverse("admin:makers_product_change", args=[product.pk])
    data = admin_form_data(operator_client.get(url), name="Théière en grès")
    assert operator_client.post(url, data).status_code == 302
    assert found(client, "théière") == ["Atelier Grès"]
    assert Product.objects.get().slug == product.slug  # links to it keep working
