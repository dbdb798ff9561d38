"""An operator's admin page opened before a maker saved refuses to overwrite what the maker
saved: products, photo descriptions, opening hours and places to buy."""

import datetime

import pytest
from django.urls import reverse

from localiste.makers import services
from localiste.makers.models import Photo, Product
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory, ProductFactory
from localiste.moderation.tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

REFUSED = "a enregistré cette fiche pendant que vous la modifiiez"


def change_url(maker) -> str:
    return reverse("admin:makers_maker_change", args=[maker.pk])


def test_a_photo_described_in_the_space_meanwhile_is_not_overwritten(operator_client, operator):
    maker = MakerFactory()
    photo = services.photo_add(
        maker=maker,
        editor=operator,
        upload=uploads.upload(uploads.image_bytes(400, 300)),
        kind=Photo.Kind.GALLERY,
        alt_text="Avant",
    )
    page = operator_client.get(change_url(maker))
    services.photo_update(
        photo=photo, editor=operator, version=photo.version, alt_text="Par l'atelier", caption=""
    )

    data = admin_form_data(page)
    data["photos-0-alt_text"] = "Par l'opérateur"
    response = operator_client.post(change_url(maker), data)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert Photo.objects.get(pk=photo.pk).alt_text == "Par l'atelier"


def test_hours_set_in_the_space_meanwhile_are_not_replaced(operator_client, operator):
    maker = MakerFactory()
    page = operator_client.get(change_url(maker))
    services.maker_hours_set(
        maker=maker, version=maker.version, periods=[(4, datetime.time(14), datetime.time(18))]
    )

    data = admin_form_data(page)
    data.update(
        {
            "opening_periods-TOTAL_FORMS": "1",
            "opening_periods-0-weekday": "1",
            "opening_periods-0-opens": "09:00",
            "opening_periods-0-closes": "12:00",
        }
    )
    response = operator_client.post(change_url(maker), data)

    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert [p.weekday for p in maker.opening_periods.all()] == [4]


def test_hours_saved_in_the_admin_move_the_listing_to_a_new_version(operator_client):
    maker = MakerFactory()
    opened = maker.version  # the maker's own form, opened before the operator saves
    data = admin_form_data(operator_client.get(change_url(maker)))
    data.update(
        {
            "opening_periods-TOTAL_FORMS": "1",
            "opening_periods-0-weekday": "1",
            "opening_periods-0-opens": "09:00",
            "opening_periods-0-closes": "12:00",
        }
    )
    assert operator_client.post(change_url(maker), data).status_code == 302
    with pytest.raises(services.EditConflict):
        services.maker_hours_set(maker=maker, version=opened, periods=[])
    assert maker.opening_periods.count() == 1


def test_a_product_changed_meanwhile_is_not_overwritten(operator_client, operator):
    product = ProductFactory(name="Bol")
    url = reverse("admin:makers_product_change", args=[product.pk])
    page = operator_client.get(url)
    services.product_update(
        product=product, editor=operator, version=product.version, fields={"name": "Grand bol"}
    )

    response = operator_client.post(url, admin_form_data(page, name="Petit bol"))

    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert Product.objects.get(pk=product.pk).name == "Grand bol"
