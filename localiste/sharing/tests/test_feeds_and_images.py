"""Atom feeds of new makers, and the generated share images."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from localiste.catalog.services import category_save
from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.models import Maker
from localiste.makers.tests.factories import MakerFactory
from localiste.places.models import Territory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entry_titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def test_the_feed_lists_the_newest_published_makers_first(client):
    now = timezone.now()
    for days, name in ((3, "Ancien"), (1, "Récent"), (2, "Moyen")):
        MakerFactory(name=name, published_at=now - datetime.timedelta(days=days))
    MakerFactory(name="Brouillon", status=Maker.Status.DRAFT)
    assert entry_titles(client, "/flux/nouveaux.atom") == ["Récent", "Moyen", "Ancien"]


def test_feeds_per_category_and_per_territory(client):
    wood, leather = CategoryFactory(), CategoryFactory()
    gironde = Territory.objects.create(slug="gironde-test", name="Gironde", kind="departement")
    in_gironde = MakerFactory(name="Bois de Gironde", primary_category=wood)
    in_gironde.territories.add(gironde)
    MakerFactory(name="Cuir d'ailleurs", primary_category=leather)
    category_url = reverse("sharing:feed_category", kwargs={"slug": wood.slug})
    assert entry_titles(client, category_url) == ["Bois de Gironde"]
    territory_url = reverse("sharing:feed_territory", kwargs={"slug": "gironde-test"})
    assert entry_titles(client, territory_url) == ["Bois de Gironde"]
    assert client.get("/flux/territoires/nulle-part.atom").status_code == 404


def test_a_maker_share_image_is_made_once_and_remade_after_an_edit(client, settings):
    maker = MakerFactory(name="Atelier Mer")
    url = reverse("sharing_root:maker_image", kwargs={"slug": maker.slug})
    response = client.get(url)
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert response["Content-Type"] == "image/png" and image.size == (1200, 630)
    files = list((settings.MEDIA_ROOT / "share" / "makers").glob("*.png"))
    assert len(files) == 1
    Maker.objects.filter(pk=maker.pk).update(
        updated_at=maker.updated_at + datetime.timedelta(hours=1)
    )
    client.get(url)
    remade = list((settings.MEDIA_ROOT / "share" / "makers").glob("*.png"))
    assert len(remade) == 1 and remade != files


def test_the_maker_page_announces_its_share_image(client):
    maker = MakerFactory()
    html = client.get(maker.get_absolute_url()).content.decode()
    assert f'content="http://testserver/partage/fabricants/{maker.slug}.png?v=' in html
    assert '<meta property="og:type" content="profile">' in html
    for network in ("wa.me", "facebook.com", "x.com", "linkedin.com", "bsky.app", "mastodon"):
        assert network in html
    assert "<script src=" in html and "navigator" not in html  # the share script is a file


def test_unpublished_makers_have_no_share_image(client):
    draft = MakerFactory(status=Maker.Status.DRAFT)
    url = reverse("sharing_root:maker_image", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 404


def test_the_feed_of_a_renamed_or_merged_category_leads_to_its_new_feed(client):
    wood = CategoryFactory(slug="t-bois")
    MakerFactory(name="Bois de Gironde", primary_category=wood)
    wood.slug = "t-bois-massif"
    category_save(category=wood)

    response = client.get("/flux/categories/t-bois.atom")

    assert response.status_code == 301
    assert response["Location"] == "/flux/categories/t-bois-massif.atom"
    assert entry_titles(client, response["Location"]) == ["Bois de Gironde"]
    assert client.get("/flux/categories/t-nulle-part.atom").status_code == 404
