"""HEAD is answered wherever GET is: crawlers and link checkers ask for headers only."""

import pytest

from localiste.makers.tests.factories import MakerFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker():
    maker = MakerFactory(name="Atelier Tête")
    ProductFactory(maker=maker, name="Chapeau", slug="chapeau")
    return maker


def public_urls(maker) -> list[str]:
    category = maker.primary_category
    return [
        "/",
        "/en/",
        "/recherche/?q=atelier",
        "/carte/",
        "/categories/",
        category.get_absolute_url(),
        maker.get_absolute_url(),
        f"{maker.get_absolute_url()}produits/chapeau/",
        f"/fabricants/{maker.slug}/contact/",
        "/pages/a-propos/",
        "/robots.txt",
        "/sitemap.xml",
        "/flux/nouveaux.atom",
        "/embed/liste/",
        "/integrer/",
        "/compte/login/",
    ]


def test_every_public_page_answers_head_like_get(client, maker):
    for url in public_urls(maker):
        get = client.get(url)
        head = client.head(url)
        assert head.status_code == get.status_code == 200, url
        assert head["Content-Type"] == get["Content-Type"], url


def test_head_does_not_count_as_a_visit_nor_send_a_message(client, maker):
    from localiste.messaging.models import ContactMessage
    from localiste.metrics.models import DailyCount

    client.head(maker.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0")
    client.head(f"/fabricants/{maker.slug}/contact/")
    assert not DailyCount.objects.exists()
    assert not ContactMessage.objects.exists()


def test_the_api_answers_head_like_get(client, maker):
    for url in ("/api/v1/search?q=atelier", "/api/v1/categories", "/api/v1/openapi.json"):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == 200, url
        assert head.content == b"" and head["Content-Length"] == str(len(get.content)), url
