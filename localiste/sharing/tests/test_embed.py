"""The embeddable widget may be framed anywhere, other pages nowhere."""

import pytest
from django.urls import reverse

from localiste.catalog.services import category_save
from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def test_widget_pages_may_be_framed_by_any_site(client):
    MakerFactory(name="Atelier Visible")
    for name in ("sharing:embed_list", "sharing:embed_map"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "X-Frame-Options" not in response
        assert "frame-ancestors *" in response["Content-Security-Policy"]
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "Atelier Visible" in response.content.decode()


def test_other_pages_refuse_to_be_framed(client):
    maker = MakerFactory()
    for url in ("/", maker.get_absolute_url(), reverse("sharing:embed_builder")):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_widget_filters_by_category_and_town(client):
    wood = CategoryFactory()
    MakerFactory(name="Bois", primary_category=wood)
    MakerFactory(name="Autre")
    html = client.get(reverse("sharing:embed_list"), {"categorie": wood.slug}).content.decode()
    assert "Bois" in html and "Autre" not in html
    html = client.get(reverse("sharing:embed_list"), {"lieu": "Nulle-Part-sur-Mer"}).content
    assert "Nulle-Part-sur-Mer" in html.decode()


def test_the_embed_page_builds_the_iframe_snippet_without_javascript(client):
    wood = CategoryFactory()
    response = client.get(
        reverse("sharing:embed_builder"), {"kind": "carte", "categorie": wood.slug, "height": 500}
    )
    html = response.content.decode()
    assert f"&lt;iframe src=&quot;http://testserver/embed/carte/?categorie={wood.slug}" in html
    assert "height=&quot;500&quot;" in html


def test_a_widget_naming_the_old_slug_of_a_category_still_filters_by_it(client):
    wood = CategoryFactory(slug="t-bois")
    MakerFactory(name="Bois", primary_category=wood)
    MakerFactory(name="Autre")
    wood.slug = "t-bois-massif"
    category_save(category=wood)  # a partner's widget still has the old address

    html = client.get(reverse("sharing:embed_list"), {"categorie": "t-bois"}).content.decode()

    assert "Bois" in html and "Autre" not in html
    response = client.get(
        reverse("sharing:embed_builder"), {"kind": "liste", "categorie": "t-bois", "height": 500}
    )
    assert "?categorie=t-bois-massif" in response.content.decode()
