"""What search engines read: JSON-LD, sitemaps, robots.txt, canonical and hreflang links."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from localiste.makers.models import KnowHow, Maker
from localiste.makers.tests.factories import (
    MakerFactory,
    OpeningPeriodFactory,
    ProductFactory,
)
from localiste.sharing.sitemaps import LazyLanguagePairs

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_maker_page_describes_a_local_business(client):
    maker = MakerFactory(name="Atelier <Cuir>", website="https://atelier.example")
    OpeningPeriodFactory(maker=maker, weekday=1, opens=datetime.time(9), closes=datetime.time(12))
    data = json_ld(client.get(maker.get_absolute_url()).content.decode())
    assert data["@type"] == "LocalBusiness" and data["name"] == "Atelier <Cuir>"
    assert data["address"]["streetAddress"] == "12 rue des Argentiers"
    assert data["address"]["addressLocality"] == "Bordeaux"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 44.8378, "longitude": -0.5792}
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Tuesday",
            "opens": "09:00",
            "closes": "12:00",
        }
    ]
    assert data["sameAs"] == ["https://atelier.example"]
    assert data["url"] == "http://testserver" + maker.get_absolute_url()


def test_a_maker_working_from_home_shows_no_street_and_a_rounded_point(client):
    maker = MakerFactory(location_precision=Maker.Precision.COMMUNE, latitude=44.83781234)
    data = json_ld(client.get(maker.get_absolute_url()).content.decode())
    assert "streetAddress" not in data["address"]
    assert data["geo"]["latitude"] == 44.84 and data["geo"]["longitude"] == -0.58


def test_product_page_describes_a_product_and_its_offer(client):
    product = ProductFactory(name="Besace", price_min=35)
    data = json_ld(client.get(product.get_absolute_url()).content.decode())
    assert data["@type"] == "Product" and data["name"] == "Besace"
    assert data["offers"]["price"] == "35.00" and data["offers"]["priceCurrency"] == "EUR"
    assert data["manufacturer"]["name"] == product.maker.name


def sitemap_locations(client) -> set[str]:
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = set()
    for sitemap in index.iter(f"{SITEMAP}loc"):
        path = sitemap.text.removeprefix("http://testserver")
        locations |= {
            loc.text for loc in ET.fromstring(client.get(path).content).iter(f"{SITEMAP}loc")
        }
    return locations


def test_the_sitemap_lists_every_published_maker_and_no_other(client):
    published = MakerFactory.create_batch(3)
    draft = MakerFactory(status=Maker.Status.DRAFT)
    suspended = MakerFactory(status=Maker.Status.SUSPENDED)
    locations = sitemap_locations(client)
    for maker in published:
        assert f"http://testserver/fabricants/{maker.slug}/" in locations
        assert f"http://testserver/en/fabricants/{maker.slug}/" in locations
    for maker in (draft, suspended):
        assert not any(maker.slug in location for location in locations)
    assert "http://testserver/" in locations


def test_the_sitemap_has_lastmod_and_language_alternates(client):
    maker = MakerFactory()
    xml = client.get(reverse("sharing_root:sitemap_section", kwargs={"section": "makers"}))
    text = xml.content.decode()
    # The date of the site's time zone (Europe/Paris), as the sitemap writes it.
    assert f"{timezone.localtime(maker.updated_at):%Y-%m-%d}" in text
    assert 'hreflang="en"' in text and 'hreflang="x-default"' in text


def test_big_sitemaps_are_fetched_one_page_at_a_time(django_assert_max_num_queries):
    MakerFactory.create_batch(5)
    pairs = LazyLanguagePairs(Maker.objects.order_by("pk"), ["fr", "en"])
    assert pairs.count() == 10
    with django_assert_max_num_queries(1):
        page = pairs[2:5]
    assert [language for _maker, language in page] == ["fr", "en", "fr"]
    assert page[0][0] == page[1][0] != page[2][0]


def test_robots_txt_points_to_the_sitemap_and_keeps_private_areas_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/espace/", "/moderation/", "/admin/"):
        assert f"Disallow: {path}" in text


def test_every_page_has_canonical_hreflang_and_open_graph(client):
    html = client.get("/en/categories/?utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/categories/">' in html
    assert 'hreflang="fr" href="http://testserver/categories/"' in html
    assert 'hreflang="x-default"' in html
    assert '<meta property="og:image" content="http://testserver/partage/site.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_the_sitemap_lists_the_published_know_how_pages(client):
    KnowHow.objects.create(
        slug="tonnellerie-girondine", title_fr="La tonnellerie", is_published=True
    )
    KnowHow.objects.create(slug="brouillon", title_fr="Brouillon", is_published=False)
    locations = sitemap_locations(client)
    assert "http://testserver/savoir-faire/" in locations
    assert "http://testserver/savoir-faire/tonnellerie-girondine/" in locations
    assert "http://testserver/en/savoir-faire/tonnellerie-girondine/" in locations
    assert not any("brouillon" in location for location in locations)
