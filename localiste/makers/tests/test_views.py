"""The maker and product pages as visitors get them, in French and in English."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.catalog.tests.factories import LabelFactory
from localiste.makers.models import Maker, Photo, Product, SalesPoint
from localiste.makers.tests.factories import (
    MakerFactory,
    OpeningPeriodFactory,
    PhotoFactory,
    ProductFactory,
    SalesPointFactory,
)

pytestmark = pytest.mark.django_db


def french_url(obj) -> str:
    """The French (unprefixed) path of `obj`, whatever language an earlier request left active."""
    with translation.override("fr"):
        return obj.get_absolute_url()


def get_page(client, obj, language="fr"):
    """The response to the page of `obj` in `language`."""
    prefix = "/en" if language == "en" else ""
    return client.get(prefix + french_url(obj))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_maker_page_shows_the_showcase(client, language):
    maker = MakerFactory(
        name="Maroquinerie Lucie",
        tagline="Sacs en cuir cousus main",
        phone="05 56 00 00 00",
        website="https://lucie.example",
        offers_workshop_visits=True,
        labels=[LabelFactory(name_fr="Artisan d'art", name_en="Art craftsperson")],
    )
    ProductFactory(maker=maker, name="Besace", price_min=Decimal("35"))
    SalesPointFactory(maker=maker, name="Marché des Capucins")

    response = get_page(client, maker, language)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Maroquinerie Lucie" in html
    assert "Sacs en cuir cousus main" in html
    assert "<strong>garage</strong>" in html  # story rendered as Markdown
    assert "Besace" in html
    assert "Marché des Capucins" in html
    assert 'href="tel:0556000000"' in html
    assert ("Art craftsperson" if language == "en" else "Artisan d&#x27;art") in html
    assert f'<html lang="{language}">' in html


def test_maker_page_formats_prices_in_english(client):
    maker = MakerFactory()
    ProductFactory(maker=maker, price_min=Decimal("35"))
    ProductFactory(
        maker=maker,
        price_kind=Product.PriceKind.RANGE,
        price_min=Decimal("40"),
        price_max=Decimal("120"),
    )
    ProductFactory(maker=maker, price_kind=Product.PriceKind.QUOTE, price_min=None)

    html = get_page(client, maker, "en").content.decode()

    assert "€35" in html
    assert "€40 to €120" in html
    assert "On quote" in html


def test_maker_page_shows_hours_and_whether_it_is_open(client):
    maker = MakerFactory(hours_note="Sur rendez-vous le lundi")
    for weekday in range(7):
        OpeningPeriodFactory(
            maker=maker, weekday=weekday, opens=datetime.time(0), closes=datetime.time(23, 59, 59)
        )

    html = get_page(client, maker, "en").content.decode()

    assert "Open now" in html
    assert "Sur rendez-vous le lundi" in html
    assert 'aria-current="date"' in html


def test_maker_page_never_open_without_hours(client):
    html = get_page(client, MakerFactory(), "en").content.decode()
    assert "Open now" not in html
    assert "Closed now" not in html


def test_exact_address_or_commune_only(client):
    exact = MakerFactory(street="12 rue des Argentiers")
    home = MakerFactory(street="3 impasse privée", location_precision=Maker.Precision.COMMUNE)

    exact_html = get_page(client, exact, "en").content.decode()
    home_html = get_page(client, home, "en").content.decode()

    assert "12 rue des Argentiers" in exact_html
    assert "3 impasse privée" not in home_html
    assert "shows their town only" in home_html
    assert 'data-precision="commune"' in home_html
    assert "openstreetmap.org/#map=12/" in home_html


def test_a_home_workshop_is_never_placed_more_precisely_than_its_town(client):
    home = MakerFactory(
        latitude=44.841234, longitude=-0.571234, location_precision=Maker.Precision.COMMUNE
    )
    html = get_page(client, home).content.decode()
    for shown in ("44.84123", "-0.57123", "44.841", "-0.571"):
        assert shown not in html  # neither the map's data nor the link
    assert 'data-lat="44.84000"' in html and "openstreetmap.org/#map=12/44.84/-0.57" in html


def test_map_is_a_data_attribute_enhanced_by_an_external_script(client):
    html = get_page(client, MakerFactory()).content.decode()
    assert 'data-lat="44.83780"' in html
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "js/maker-map.js" in html
    assert_no_inline_script_or_style(html)


def test_sales_points_are_grouped_shops_first(client):
    maker = MakerFactory()
    SalesPointFactory(maker=maker, kind=SalesPoint.Kind.MARKET, name="Marché")
    SalesPointFactory(maker=maker, kind=SalesPoint.Kind.SHOP, name="Boutique")
    html = get_page(client, maker, "en").content.decode()
    positions = [html.index(text) for text in ("Shops", "Boutique", "Markets", "Marché")]
    assert positions == sorted(positions)


def test_responsive_images_have_sources_sizes_dimensions_and_alt(client):
    maker = MakerFactory()
    PhotoFactory(maker=maker, kind=Photo.Kind.GALLERY, renditions=[320, 640], alt_text="Un établi")
    html = get_page(client, maker).content.decode()
    [picture] = re.findall(r"<picture.*?</picture>", html, flags=re.S)
    assert 'type="image/webp"' in picture
    assert "-320.webp 320w" in picture
    assert "-640.jpg 640w" in picture
    assert 'sizes="' in picture
    assert 'width="12"' in picture and 'height="8"' in picture
    assert 'alt="Un établi"' in picture
    assert 'loading="lazy"' in picture


def test_maker_page_needs_at_most_eight_queries(client, django_assert_max_num_queries):
    maker = MakerFactory(labels=[LabelFactory(), LabelFactory()])
    PhotoFactory(maker=maker, kind=Photo.Kind.COVER)
    PhotoFactory(maker=maker, kind=Photo.Kind.LOGO)
    for _ in range(10):
        PhotoFactory(maker=maker, kind=Photo.Kind.GALLERY)
    products = [ProductFactory(maker=maker) for _ in range(15)]
    for product in products:
        PhotoFactory(maker=maker, product=product, kind=Photo.Kind.PRODUCT)
    for weekday in range(6):
        OpeningPeriodFactory(maker=maker, weekday=weekday)
    SalesPointFactory(maker=maker)

    with django_assert_max_num_queries(8):
        response = client.get(french_url(maker))
    assert response.status_code == 200


@pytest.mark.parametrize("status", [Maker.Status.DRAFT, Maker.Status.PENDING])
def test_unpublished_or_unknown_makers_are_not_found(client, status):
    maker = MakerFactory(status=status)
    assert client.get(french_url(maker)).status_code == 404
    assert client.get("/fabricants/personne/").status_code == 404
    assert client.get("/en/fabricants/personne/").status_code == 404


@pytest.mark.parametrize("language", ["fr", "en"])
def test_product_page(client, language):
    product = ProductFactory(
        name="Besace camel",
        materials="Cuir de vachette",
        made_to_order=True,
        description="Doublure en *lin*.",
    )
    sibling = ProductFactory(maker=product.maker, name="Porte-cartes")
    PhotoFactory(maker=product.maker, product=product, kind=Photo.Kind.PRODUCT)

    response = get_page(client, product, language)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Besace camel" in html
    assert "Cuir de vachette" in html
    assert "<em>lin</em>" in html
    prefix = "/en" if language == "en" else ""
    assert f'href="{prefix}{french_url(product.maker)}"' in html
    assert f'href="{prefix}{french_url(sibling)}"' in html
    assert html.count("<h1") == 1


def test_unpublished_products_are_not_found(client):
    hidden = ProductFactory(is_published=False)
    of_hidden_maker = ProductFactory(maker=MakerFactory(status=Maker.Status.SUSPENDED))
    assert client.get(french_url(hidden)).status_code == 404
    assert client.get(french_url(of_hidden_maker)).status_code == 404
    with translation.override("fr"):
        url = reverse("makers:product", kwargs={"slug": hidden.maker.slug, "product_slug": "x"})
    assert client.get(url).status_code == 404


def assert_no_inline_script_or_style(html):
    """Our CSP allows our static files only: no inline script, no style attribute or block.

    JSON-LD (`type="application/ld+json"`) is data for search engines, not script.
    """
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert re.search(r"<script\b[^>]*>(?!\s*</script>)", html) is None
    assert " style=" not in html
    assert "<style" not in html
