"""Products, photos, opening hours and places to buy refuse an edit made from an old version,
as the maker's own fields do, instead of overwriting what someone saved meanwhile."""

import datetime

import pytest

from localiste.makers import services
from localiste.makers.models import Maker, Photo, Product
from localiste.makers.tests.factories import MakerFactory, PhotoFactory, ProductFactory

pytestmark = pytest.mark.django_db

NINE, NOON = datetime.time(9), datetime.time(12)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("lucie@example.org", "lucie@example.org")


def test_a_product_edited_meanwhile_refuses_the_older_edit(editor):
    product = ProductFactory(name="Sac")
    opened = product.version  # two people open the product's form
    services.product_update(
        product=Product.objects.get(pk=product.pk),
        editor=editor,
        version=opened,
        fields={"name": "Sac besace"},
    )

    with pytest.raises(services.EditConflict) as conflict:
        services.product_update(
            product=Product.objects.get(pk=product.pk),
            editor=editor,
            version=opened,
            fields={"name": "Grand sac"},
        )

    assert conflict.value.current.name == "Sac besace"
    assert Product.objects.get(pk=product.pk).name == "Sac besace"
    services.product_update(
        product=Product.objects.get(pk=product.pk),
        editor=editor,
        version=conflict.value.current.version,
        fields={"name": "Grand sac"},
    )
    assert Product.objects.get(pk=product.pk).name == "Grand sac"


def test_hiding_a_product_makes_an_open_edit_form_stale(editor):
    product = ProductFactory()
    opened = product.version
    services.product_publish(product=product, editor=editor, published=False)
    with pytest.raises(services.EditConflict):
        services.product_update(
            product=Product.objects.get(pk=product.pk),
            editor=editor,
            version=opened,
            fields={"is_published": True},
        )
    assert not Product.objects.get(pk=product.pk).is_published


def test_an_edit_keeps_the_products_place_moved_meanwhile(editor):
    maker = MakerFactory()
    first = ProductFactory(maker=maker, position=0)
    second = ProductFactory(maker=maker, position=1)
    stale = Product.objects.get(pk=second.pk)  # loaded before the move
    services.product_move(product=second, editor=editor, offset=-1)
    services.product_update(
        product=stale, editor=editor, version=stale.version, fields={"name": "Renommé"}
    )
    assert list(maker.products.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_a_photo_described_meanwhile_refuses_the_older_description(editor):
    photo = PhotoFactory(alt_text="Un sac")
    opened = photo.version
    services.photo_update(
        photo=Photo.objects.get(pk=photo.pk),
        editor=editor,
        version=opened,
        alt_text="Un sac en cuir fauve",
        caption="",
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.photo_update(
            photo=Photo.objects.get(pk=photo.pk),
            editor=editor,
            version=opened,
            alt_text="Une besace",
            caption="",
        )
    assert conflict.value.current.alt_text == "Un sac en cuir fauve"
    assert Photo.objects.get(pk=photo.pk).alt_text == "Un sac en cuir fauve"


def test_hours_and_places_to_buy_take_part_in_the_listings_version(editor):
    maker = MakerFactory()
    opened = maker.version
    services.maker_update(
        maker=Maker.objects.get(pk=maker.pk),
        editor=editor,
        version=opened,
        fields={"hours_note": "Sur rendez-vous"},
    )
    with pytest.raises(services.EditConflict):
        services.maker_hours_set(
            maker=Maker.objects.get(pk=maker.pk), version=opened, periods=[(1, NINE, NOON)]
        )
    with pytest.raises(services.EditConflict):
        services.maker_sales_points_set(
            maker=Maker.objects.get(pk=maker.pk),
            version=opened,
            sales_points=[{"kind": "market", "name": "Capucins"}],
        )
    assert not maker.opening_periods.exists() and not maker.sales_points.exists()

    # And a change of the hours alone moves the version on: the maker's open forms are stale.
    current = Maker.objects.get(pk=maker.pk)
    services.maker_hours_set(maker=current, version=current.version, periods=[(1, NINE, NOON)])
    with pytest.raises(services.EditConflict):
        services.maker_update(
            maker=Maker.objects.get(pk=maker.pk),
            editor=editor,
            version=opened + 1,
            fields={"hours_note": "Le mardi"},
        )


def test_the_practical_step_saves_fields_hours_and_places_in_one_version(editor):
    maker = MakerFactory()
    update = services.maker_practical_update(
        maker=maker,
        editor=editor,
        version=maker.version,
        fields={"phone": "05 56 00 00 00"},
        periods=[(1, NINE, NOON)],
        sales_points=[{"kind": "market", "name": "Capucins"}],
    )
    saved = Maker.objects.get(pk=maker.pk)
    assert saved.version == update.maker.version
    assert saved.phone == "05 56 00 00 00"
    assert [(p.weekday, p.opens) for p in saved.opening_periods.all()] == [(1, NINE)]
    assert saved.sales_points.get().name == "Capucins"
    with pytest.raises(services.EditConflict):
        services.maker_practical_update(
            maker=saved,
            editor=editor,
            version=update.maker.version - 1,
            fields={},
            periods=[],
            sales_points=[],
        )
    assert saved.opening_periods.count() == 1  # nothing replaced by the stale save
