"""Shared links (canonical, Open Graph, JSON-LD, the widget's snippet) start with SITE_URL."""

import json
import re

import pytest
from django.urls import reverse

from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db
SITE = "https://makers.example.org"
FORGED_HOST = "localhost:8443"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def test_a_maker_page_is_shared_under_the_site_url(client):
    maker = MakerFactory(name="Atelier Cuir")
    html = client.get(maker.get_absolute_url(), HTTP_HOST=FORGED_HOST).content.decode()
    page = f"{SITE}{maker.get_absolute_url()}"
    assert f'<link rel="canonical" href="{page}">' in html
    assert f'<meta property="og:url" content="{page}">' in html
    assert re.search(rf'<meta property="og:image" content="{SITE}/partage/fabricants/', html)
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(found.group(1))["url"] == page
    share = re.search(r'href="https://www.facebook.com/sharer/sharer.php\?u=([^"]+)"', html)
    assert share.group(1).startswith("https%3A//makers.example.org/")


def test_the_widget_snippet_frames_the_site_url(client):
    response = client.get(
        reverse("sharing:embed_builder"), {"kind": "liste", "height": 600}, HTTP_HOST=FORGED_HOST
    )
    snippet = response.context["snippet"]
    assert f'src="{SITE}/embed/' in snippet and FORGED_HOST not in snippet
