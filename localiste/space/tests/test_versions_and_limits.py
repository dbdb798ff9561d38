"""Products, photos and practical information edited by two people at once, and listings at
their limits, as makers see them in the space: a clear message, nothing they typed lost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.makers import services
from localiste.makers.models import Maker, Membership, Photo, Product
from localiste.makers.tests import uploads
from localiste.makers.tests.factories import MakerFactory, PhotoFactory, ProductFactory

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else saved this page while you were editing it."


def url(name, maker, **kwargs):
    """The English page: these tests read the messages in their source language."""
    with translation.override("en"):
        return reverse(f"space:{name}", kwargs={"slug": maker.slug, **kwargs})


@pytest.fixture
def published(lucie, category):
    maker = MakerFactory(name="Atelier Lucie", primary_category=category)
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    return maker


@pytest.fixture
def paul_client(client, make_user, published):
    paul = make_user("paul@example.org")
    Membership.objects.create(user=paul, maker=published)
    client.force_login(paul)
    return client


def product_post(product, version, **fields):
    return {
        "version": version,
        "name": product.name,
        "description": product.description,
        "materials": product.materials,
        "price_kind": "fixed",
        "price_min": "35",
        "is_published": "on",
        **fields,
    }


def test_a_product_saved_meanwhile_shows_both_versions_and_keeps_the_input(
    paul_client, lucie, published
):
    product = ProductFactory(maker=published, name="Sac")
    opened = product.version  # Paul opens the form; Lucie saves first
    services.product_update(
        product=product, editor=lucie, version=opened, fields={"name": "Sac de Lucie"}
    )

    response = paul_client.post(
        url("product_edit", published, product_id=product.pk),
        product_post(product, opened, name="Sac de Paul"),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT in html
    assert 'class="conflict__table"' in html and "Sac de Lucie" in html
    assert 'value="Sac de Paul"' in html  # what Paul typed stays in the form
    saved = Product.objects.get(pk=product.pk)
    assert saved.name == "Sac de Lucie"
    assert f'name="version" value="{saved.version}"' in html
    again = paul_client.post(
        url("product_edit", published, product_id=product.pk),
        product_post(product, saved.version, name="Sac de Paul"),
    )
    assert again.status_code == 302 and Product.objects.get(pk=product.pk).name == "Sac de Paul"


def test_a_photo_described_meanwhile_shows_both_descriptions(paul_client, lucie, published):
    photo = PhotoFactory(maker=published, alt_text="Un sac")
    opened = photo.version
    services.photo_update(
        photo=photo, editor=lucie, version=opened, alt_text="Le sac de Lucie", caption=""
    )

    response = paul_client.post(
        url("photo_edit", published, photo_id=photo.pk),
        {"version": opened, "alt_text": "Le sac de Paul", "caption": "Vu de près"},
    )

    html = response.content.decode()
    assert response.status_code == 200 and CONFLICT in html
    assert "Le sac de Lucie" in html and 'value="Le sac de Paul"' in html
    assert 'value="Vu de près"' in html
    assert Photo.objects.get(pk=photo.pk).alt_text == "Le sac de Lucie"


def practical_post(maker, version, weekday):
    return {
        "version": version,
        "email": "atelier@example.org",
        "hours_note": "",
        "hours-TOTAL_FORMS": "1",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": str(weekday),
        "hours-0-opens": "09:00",
        "hours-0-closes": "12:00",
        "sales-TOTAL_FORMS": "0",
        "sales-INITIAL_FORMS": "0",
    }


def test_opening_hours_changed_meanwhile_are_shown_not_overwritten(paul_client, lucie, published):
    opened = published.version
    services.maker_hours_set(
        maker=published,
        version=opened,
        periods=[(4, datetime.time(14), datetime.time(18))],  # Lucie: Friday afternoons
    )

    response = paul_client.post(url("practical", published), practical_post(published, opened, 1))

    html = response.content.decode()
    assert response.status_code == 200 and CONFLICT in html
    assert '<th scope="row">Opening hours</th>' in html
    assert "Friday 14:00–18:00" in html and "Tuesday 09:00–12:00" in html  # both versions
    assert 'name="hours-0-weekday"' in html and '<option value="1" selected>' in html
    assert [p.weekday for p in published.opening_periods.all()] == [4]
    current = Maker.objects.get(pk=published.pk).version
    again = paul_client.post(url("practical", published), practical_post(published, current, 1))
    assert again.status_code == 302
    assert [p.weekday for p in published.opening_periods.all()] == [1]


def test_a_full_page_says_so_when_a_product_is_added(lucie_client, published, settings):
    settings.MAX_PRODUCTS_PER_MAKER = 1
    ProductFactory(maker=published)

    listing = lucie_client.get(url("products", published)).content.decode()
    assert "Your page holds 1 product, the most it can hold" in listing
    assert url("product_create", published) not in listing

    response = lucie_client.post(
        url("product_create", published),
        {"name": "Besace", "price_kind": "quote", "is_published": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your page already has 1 product, the most it can hold." in html
    assert 'value="Besace"' in html  # the input is kept
    assert published.products.count() == 1


def test_a_full_gallery_refuses_an_upload_with_a_message(lucie_client, published, settings):
    settings.MAX_PHOTOS_PER_MAKER = 1
    PhotoFactory(maker=published)
    response = lucie_client.post(
        url("photos", published),
        {
            "kind": "gallery",
            "alt_text": "L'établi",
            "caption": "",
            "image": uploads.upload(uploads.image_bytes(400, 300)),
        },
    )
    assert response.status_code == 200
    assert "Your page already has 1 photo, the most it can hold." in response.content.decode()
    assert published.photos.count() == 1


def test_a_story_over_the_limit_stays_in_the_form_with_the_limit(lucie_client, published, settings):
    settings.MAX_STORY_CHARS = 100
    story = "Il était une fois un atelier. " * 5
    response = lucie_client.post(
        url("story", published),
        {"version": published.version, "tagline": "", "story": story, "know_how": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert story.strip() in html
    assert "Please shorten this text to 100 characters at most (it has 149)." in html
    assert Maker.objects.get(pk=published.pk).story != story
