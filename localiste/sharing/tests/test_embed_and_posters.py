"""The embeddable widget may be framed anywhere, other pages nowhere; posters carry a QR code."""

import re

import pytest
import segno
from django.contrib.auth import get_user_model
from django.urls import reverse

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.models import Maker, Membership
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


@pytest.fixture
def member_client(client):
    maker = MakerFactory(name="Atelier QR")
    user = get_user_model().objects.create_user(username="qr", password="x")
    Membership.objects.create(user=user, maker=maker)
    client.force_login(user)
    client.maker = maker
    return client


def qr_matrix_from_svg(svg: str) -> str:
    return re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)


def test_the_poster_carries_a_qr_code_of_the_public_page(member_client):
    maker = member_client.maker
    html = member_client.get(reverse("sharing:poster", kwargs={"slug": maker.slug})).content
    html = html.decode()
    expected = segno.make(f"http://testserver/fabricants/{maker.slug}/", error="m")
    expected_svg = expected.svg_inline(scale=4, border=4, omitsize=True)
    assert qr_matrix_from_svg(html) == qr_matrix_from_svg(expected_svg)
    assert "@page" not in html and "css/print.css" in html
    stickers = member_client.get(reverse("sharing:stickers", kwargs={"slug": maker.slug}))
    assert stickers.content.decode().count('class="sticker"') == 24


def test_posters_are_for_the_makers_team_only(client):
    maker = MakerFactory(status=Maker.Status.PUBLISHED)
    url = reverse("sharing:poster", kwargs={"slug": maker.slug})
    assert client.get(url).status_code == 302  # to the login page
    stranger = get_user_model().objects.create_user(username="x", password="x")
    client.force_login(stranger)
    assert client.get(url).status_code == 404
