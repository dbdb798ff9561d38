"""Search cards of /api/v1/search carry their category's slug and path, for grouping."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def test_a_card_gives_the_path_from_the_top_category_down(client, _no_api_rate_limit):
    top = CategoryFactory(slug="mode", name_en="Fashion")
    middle = CategoryFactory(slug="accessoires", name_en="Accessories", parent=top)
    leaf = CategoryFactory(slug="sacs", name_en="Bags", parent=middle)
    MakerFactory(name="Sacs Garonne", primary_category=leaf)
    MakerFactory(name="Mode Garonne", primary_category=top)

    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/search", {"q": "garonne"}, headers={"accept-language": "en"})
    cards = {card["name"]: card for card in body.json()["results"]}

    assert cards["Sacs Garonne"]["category_slug"] == "sacs"
    assert cards["Sacs Garonne"]["category_path"] == [
        {"slug": "mode", "name": "Fashion"},
        {"slug": "accessoires", "name": "Accessories"},
        {"slug": "sacs", "name": "Bags"},
    ]
    assert cards["Mode Garonne"]["category_path"] == [{"slug": "mode", "name": "Fashion"}]
    # The ancestors come with the makers (joins), never one query per card.
    lookups = [
        q for q in queries.captured_queries if 'WHERE "catalog_category"."id" = ' in q["sql"]
    ]
    assert not lookups
