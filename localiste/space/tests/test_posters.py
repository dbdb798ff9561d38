"""Posters and sticker sheets carry a QR code of the public page, for the team only."""

import re

import pytest
import segno
from django.contrib.auth import get_user_model
from django.urls import reverse

from localiste.makers.models import Maker, Membership
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


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
    html = member_client.get(reverse("space:poster", kwargs={"slug": maker.slug})).content
    html = html.decode()
    expected = segno.make(f"http://testserver/fabricants/{maker.slug}/", error="m")
    expected_svg = expected.svg_inline(scale=4, border=4, omitsize=True)
    assert qr_matrix_from_svg(html) == qr_matrix_from_svg(expected_svg)
    assert "@page" not in html and "css/print.css" in html
    stickers = member_client.get(reverse("space:stickers", kwargs={"slug": maker.slug}))
    assert stickers.content.decode().count('class="sticker"') == 24


def test_posters_are_for_the_makers_team_only(client):
    maker = MakerFactory(status=Maker.Status.PUBLISHED)
    url = reverse("space:poster", kwargs={"slug": maker.slug})
    assert client.get(url).status_code == 302  # to the login page
    stranger = get_user_model().objects.create_user(username="x", password="x")
    client.force_login(stranger)
    assert client.get(url).status_code == 404
