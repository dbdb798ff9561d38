"""/api/v1/makers/<slug> gives what the maker page shows: photos, hours, places, categories."""

import datetime

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.makers.models import Photo, SalesPoint
from localiste.makers.tests.factories import (
    MakerFactory,
    OpeningPeriodFactory,
    PhotoFactory,
    ProductFactory,
    SalesPointFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker():
    parent = CategoryFactory(slug="bijoux", name_en="Jewellery", name_fr="Bijoux")
    leaf = CategoryFactory(slug="bagues", name_en="Rings", name_fr="Bagues", parent=parent)
    label = LabelFactory(slug="epv", name_en="Living Heritage", name_fr="EPV")
    maker = MakerFactory(name="Atelier Lune", primary_category=leaf, labels=[label])
    maker.hours_note = "Fermé en août"
    maker.save(update_fields=["hours_note"])
    return maker


def add_content(maker, count: int) -> None:
    """`count` gallery photos, products (each with a photo), opening periods and places."""
    for index in range(count):
        PhotoFactory(maker=maker, alt_text=f"Bague en argent {index}", position=index)
        product = ProductFactory(maker=maker, name=f"Bague {index}")
        PhotoFactory(maker=maker, product=product, kind=Photo.Kind.PRODUCT)
        OpeningPeriodFactory(
            maker=maker,
            weekday=index % 7,
            opens=datetime.time(9 + index, 0),
            closes=datetime.time(10 + index, 0),
        )
        SalesPointFactory(maker=maker, name=f"Boutique {index}", kind=SalesPoint.Kind.SHOP)


def get(client, maker, language="en"):
    response = client.get(f"/api/v1/makers/{maker.slug}", headers={"accept-language": language})
    assert response.status_code == 200, response.content
    return response.json()


def test_photos_come_with_alt_text_size_and_absolute_urls(client, maker, settings):
    settings.SITE_URL = "https://annuaire.example.org"
    PhotoFactory(maker=maker, kind=Photo.Kind.LOGO, alt_text="Logo de l'atelier")
    PhotoFactory(maker=maker, alt_text="L'établi", caption="En 2024")
    PhotoFactory(maker=maker, alt_text="En attente", pending_review=True)
    product = ProductFactory(maker=maker, name="Bague Lune")
    PhotoFactory(maker=maker, product=product, kind=Photo.Kind.PRODUCT, alt_text="La bague")

    body = get(client, maker)

    assert body["logo"]["alt_text"] == "Logo de l'atelier"
    assert body["cover"] is None
    [photo] = body["gallery"]  # the photo waiting for review is not public
    assert photo["alt_text"] == "L'établi" and photo["caption"] == "En 2024"
    assert (photo["width"], photo["height"]) == (12, 8)
    assert photo["url"].startswith("https://annuaire.example.org/")
    assert photo["url"].endswith(".jpg")
    [product_out] = body["products"]
    assert [p["alt_text"] for p in product_out["photos"]] == ["La bague"]


def test_opening_hours_are_structured_with_the_note(client, maker):
    OpeningPeriodFactory(maker=maker, weekday=5, opens=datetime.time(14), closes=datetime.time(18))
    OpeningPeriodFactory(
        maker=maker, weekday=1, opens=datetime.time(9), closes=datetime.time(12, 30)
    )

    hours = get(client, maker)["opening_hours"]

    assert hours == {
        "periods": [
            {"weekday": 1, "opens": "09:00", "closes": "12:30"},
            {"weekday": 5, "opens": "14:00", "closes": "18:00"},
        ],
        "note": "Fermé en août",
    }


def test_places_to_buy_are_listed_by_kind(client, maker):
    SalesPointFactory(maker=maker, kind=SalesPoint.Kind.MARKET, name="Marché des Capucins")
    SalesPointFactory(
        maker=maker, kind=SalesPoint.Kind.SHOP, name="La Boutique", url="https://shop.example"
    )

    points = get(client, maker)["sales_points"]

    assert [(p["kind"], p["name"]) for p in points] == [
        ("shop", "La Boutique"),
        ("market", "Marché des Capucins"),
    ]
    assert points[0]["url"] == "https://shop.example"
    assert points[1] == {
        "kind": "market",
        "name": "Marché des Capucins",
        "address": "",
        "locality": "Bordeaux",
        "url": "",
        "schedule": "Le samedi matin",
    }


def test_categories_carry_their_parent_and_labels_in_the_clients_language(client, maker):
    english = get(client, maker, "en")
    french = get(client, maker, "fr")

    assert english["primary_category"] == {
        "slug": "bagues",
        "name": "Rings",
        "parent": {"slug": "bijoux", "name": "Jewellery"},
    }
    assert english["categories"] == [english["primary_category"]]
    assert french["primary_category"]["parent"] == {"slug": "bijoux", "name": "Bijoux"}
    assert english["labels"] == [{"slug": "epv", "name": "Living Heritage"}]
    assert french["labels"] == [{"slug": "epv", "name": "EPV"}]


def test_a_top_category_has_no_parent(client):
    maker = MakerFactory(primary_category=CategoryFactory(slug="meubles"))
    assert get(client, maker)["primary_category"]["parent"] is None


def test_the_full_answer_matches_the_openapi_schema(client, maker):
    PhotoFactory(maker=maker, kind=Photo.Kind.COVER)
    add_content(maker, 2)
    openapi = client.get("/api/v1/openapi.json").json()
    declared = openapi["paths"]["/api/v1/makers/{slug}"]["get"]["responses"]["200"]
    schema = declared["content"]["application/json"]["schema"]
    document = {**schema, "components": openapi["components"]}
    jsonschema.Draft202012Validator(document).validate(get(client, maker))


def test_the_number_of_queries_does_not_grow_with_the_content(client, maker):
    add_content(maker, 1)
    get(client, maker)  # warm the caches (categories, site settings)
    with CaptureQueriesContext(connection) as few:
        get(client, maker)
    add_content(maker, 5)
    with CaptureQueriesContext(connection) as many:
        body = get(client, maker)
    assert len(body["gallery"]) == 6 and len(body["sales_points"]) == 6
    assert len(body["products"]) == 6 and len(body["opening_hours"]["periods"]) == 6
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
