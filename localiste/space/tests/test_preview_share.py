"""The preview's share box offers the public page, on SITE_URL, never the private space."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_preview_shares_the_public_maker_address(settings, lucie_client, draft):
    settings.SITE_URL = "https://localiste.example"
    response = lucie_client.get("/en" + reverse("space:preview", kwargs={"slug": draft.slug}))
    assert response.status_code == 200
    html = response.content.decode()
    shared = re.search(r'id="share-url" type="url" value="([^"]+)"', html).group(1)
    with translation.override("en"):
        public = reverse("makers:detail", kwargs={"slug": draft.slug})
    assert shared == f"https://localiste.example{public}"
    assert "/espace/" not in shared
    assert "%2Fespace%2F" not in html
