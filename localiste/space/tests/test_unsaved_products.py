"""The step tabs on a product's or a photo's form save it first, like on the steps' pages: what
a maker typed there is never lost by opening another step."""

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.makers.models import Membership, Photo, Product
from localiste.makers.tests.factories import MakerFactory, PhotoFactory, ProductFactory
from localiste.makers.tests.uploads import image_bytes, upload
from localiste.space.media_forms import ProductForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker(lucie, category):
    maker = MakerFactory(name="Atelier Lucie", primary_category=category)
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    return maker


def url(name, maker, **kwargs):
    with translation.override("en"):
        return reverse(f"space:{name}", kwargs={"slug": maker.slug, **kwargs})


def as_posted(form) -> dict:
    """What the browser posts for `form` untouched."""
    values = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items()}


def test_a_product_edited_then_left_through_a_tab_is_saved(lucie_client, maker):
    product = ProductFactory(maker=maker, category=maker.primary_category)
    data = as_posted(ProductForm(instance=product)) | {"name": "Sac cabas", "go": "story"}
    response = lucie_client.post(url("product_edit", maker, product_id=product.pk), data)
    assert response.status_code == 302 and response["Location"] == url("story", maker)
    assert Product.objects.get().name == "Sac cabas"


def test_a_new_product_typed_then_left_through_a_tab_is_added(lucie_client, maker):
    form = ProductForm(initial={"category": maker.primary_category_id})
    data = as_posted(form) | {"name": "Ceinture tressée", "price_kind": "quote"}
    response = lucie_client.post(url("product_create", maker), data | {"go": "photos"})
    assert response.status_code == 302 and response["Location"] == url("photos", maker)
    assert Product.objects.get().name == "Ceinture tressée"


def test_an_untouched_new_product_form_lets_the_maker_go_without_errors(lucie_client, maker):
    form = ProductForm(initial={"category": maker.primary_category_id})
    response = lucie_client.post(url("product_create", maker), as_posted(form) | {"go": "story"})
    assert response.status_code == 302 and response["Location"] == url("story", maker)
    assert not Product.objects.exists()


def test_the_product_form_tabs_are_its_submit_buttons(lucie_client, maker):
    html = lucie_client.get(url("product_create", maker)).content.decode()
    assert 'class="space-form" id="step-form"' in html
    assert 'form="step-form" name="go" value="story"' in html


def test_a_photo_description_typed_then_left_through_a_tab_is_saved(lucie_client, maker):
    photo = PhotoFactory(maker=maker, alt_text="Un sac")
    data = {"alt_text": "Un sac besace en cuir fauve", "caption": "", "version": photo.version}
    response = lucie_client.post(
        url("photo_edit", maker, photo_id=photo.pk), data | {"go": "products"}
    )
    assert response.status_code == 302 and response["Location"] == url("products", maker)
    assert Photo.objects.get().alt_text == "Un sac besace en cuir fauve"


def test_after_a_failed_photo_upload_the_product_form_still_saves_the_product(lucie_client, maker):
    # The page is shown again at the upload's URL: the product form (and its tabs) must
    # still post to the product, not to the upload, or what is typed there is lost.
    product = ProductFactory(maker=maker, category=maker.primary_category)
    upload = url("product_photo_add", maker, product_id=product.pk)
    html = lucie_client.post(upload, {"alt_text": "Un sac"}).content.decode()
    edit = url("product_edit", maker, product_id=product.pk)
    assert f'<form method="post" action="{edit}" class="space-form" id="step-form"' in html


def test_a_photo_chosen_and_described_then_left_through_a_tab_is_added(
    lucie_client, maker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = {"image": upload(image_bytes()), "kind": "gallery", "alt_text": "Un sac fauve"}
    response = lucie_client.post(url("photos", maker), data | {"go": "products"})
    assert response.status_code == 302 and response["Location"] == url("products", maker)
    assert Photo.objects.get().alt_text == "Un sac fauve"


def test_an_untouched_photo_form_lets_the_maker_go(lucie_client, maker):
    data = {"kind": "gallery", "alt_text": "", "caption": "", "go": "story"}
    response = lucie_client.post(url("photos", maker), data)
    assert response.status_code == 302 and response["Location"] == url("story", maker)
