"""The API's links to the site's pages start with SITE_URL, not with the Host it was asked at."""

import pytest

from localiste.makers.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
SITE = "https://makers.example.org"


def test_every_link_of_the_api_starts_with_the_site_url(client, makers, settings):
    settings.SITE_URL = SITE
    ProductFactory(maker=makers["near"], name="Bague lune")
    host = {"HTTP_HOST": "localhost:8443"}
    hits = client.get("/api/v1/search", {"q": "bijoux"}, **host).json()["results"]
    maker = client.get(f"/api/v1/makers/{makers['near'].slug}", **host).json()
    categories = client.get("/api/v1/categories", **host).json()
    links = [
        *(hit["url"] for hit in hits),
        maker["url"],
        *(product["url"] for product in maker["products"]),
        *(category["url"] for category in categories),
    ]
    assert hits and maker["products"] and categories
    assert all(link.startswith(f"{SITE}/") for link in links), links
    assert maker["url"] == f"{SITE}{makers['near'].get_absolute_url()}"
