"""The transport avoided on search results, and the page that explains how it is estimated."""

import re
from urllib.parse import unquote_plus

import pytest

from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.tests.factories import MakerFactory
from localiste.places.models import Place

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def furniture():
    return CategoryFactory(
        slug="t-mobilier", name_fr="Mobilier", name_en="Furniture", typical_origin_km=17_000
    )


@pytest.fixture
def cabinet_maker(gironde, furniture):
    merignac = Place.objects.get(name="Mérignac", department_code="33")
    return MakerFactory(
        name="Ébénisterie du Parc",
        primary_category=CategoryFactory(slug="t-buffets", parent=furniture),
        place=merignac,
        locality="Mérignac",
        postcode="33700",
        latitude=merignac.latitude,
        longitude=merignac.longitude,
    )


def card(html: str, slug: str) -> str:
    [found] = re.findall(
        rf'<article class="maker-card result-card" data-maker="{slug}".*?</article>', html
    )
    return found


def test_the_method_page_explains_the_figures_and_cites_its_sources(client, furniture):
    html = text_of(client.get("/en/transport-evite/"))
    assert "<h1>Transport avoided: how it is estimated</h1>" in html
    assert "transport avoided ≈ typical distance" in html
    # The table is built from the categories, rounded like everywhere else.
    assert re.search(
        r'<a href="/en/categories/t-mobilier/">Furniture</a></th> <td>about 17,000 km</td>', html
    )
    assert re.search(r">Art and illustration</a></th> <td>no estimate</td>", html)
    for source in [
        "https://lekiosque.finances.gouv.fr/",
        "https://ec.europa.eu/eurostat/web/international-trade-in-goods/database",
        "https://comtradeplus.un.org/",
        "https://msi.nga.mil/Publications/DBP",
        "https://base-empreinte.ademe.fr/",
    ]:
        assert f'href="{source}"' in html
    assert "Limits" in html


def test_the_method_page_says_the_shipped_figures_are_assumptions(client):
    html = text_of(client.get("/en/transport-evite/"))
    assert "The figures Localiste ships are the project's own assumptions." in html
    assert "None of them was read from the statistics cited below" in html
    # Each family with its customs chapters, and the datasets by name and publisher.
    for family in [
        "furniture (HS chapter 94)",
        "ceramics (HS 69)",
        "leather goods (HS 42)",
        "jewellery (HS 71)",
        "clothing (HS 61–62)",
        "toys and games (HS 95, headings 95.03–95.04)",
    ]:
        assert family in html
    assert "EU trade since 1988 by HS2-4-6 and CN8” (DS-045409)" in html
    assert "Direction générale des douanes et droits indirects, DGDDI" in html
    assert "United Nations Statistics Division" in html
    # The shipped figures follow the page's own rule: mostly from the EU, the European one.
    assert re.search(r">Furniture</a></th> <td>about 1,200 km</td>", html)
    assert re.search(r">Ceramics</a></th> <td>about 1,200 km</td>", html)
    assert re.search(r">Clothing</a></th> <td>about 10,000 km</td>", html)
    assert "about 1,200 km, not 1,195 km" in html


def test_the_method_page_is_in_french_at_the_root_and_linked_from_the_footer(client):
    response = client.get("/transport-evite/")
    assert response.status_code == 200
    assert 'href="/transport-evite/"' in response.content.decode()
    assert 'href="/en/transport-evite/"' in client.get("/en/").content.decode()


def test_a_result_near_the_searched_place_shows_the_transport_avoided(client, cabinet_maker):
    # Bordeaux to Mérignac, gazetteer points: about 5.1 km as the crow flies (computed by hand
    # in makers/tests/test_transport.py); 17,000 − 5.1 ≈ 17,000 km to two significant figures.
    html = text_of(client.get("/en/recherche/", {"lieu": "Bordeaux"}))
    found = card(html, cabinet_maker.slug)
    assert re.search(r"5\.1 km (away|from Bordeaux)", found)
    assert "About 17,000 km of transport avoided" in found
    assert 'href="/en/transport-evite/"' in found
    # The card leads to the maker page, which shows the same distance from the same place.
    [link] = re.findall(r'class="stretched-link" href="([^"]+)"', found)
    assert unquote_plus(link) == f"/en/fabricants/{cabinet_maker.slug}/?depuis=Bordeaux 33000"
    page = text_of(client.get(link))
    assert "From Bordeaux:" in page and "5.1 km away" in page
    assert "About 17,000 km of transport avoided" in page


def test_a_search_around_me_carries_the_position_rounded(client, cabinet_maker):
    html = text_of(client.get("/en/recherche/", {"lat": "44.841241", "lon": "-0.580462"}))
    found = card(html, cabinet_maker.slug)
    assert "About 17,000 km of transport avoided" in found
    [link] = re.findall(r'class="stretched-link" href="([^"]+)"', found)
    assert unquote_plus(link).endswith("?depuis=44.84,-0.58")


def test_without_a_place_cards_show_no_transport_figure(client, cabinet_maker):
    html = text_of(client.get("/en/recherche/", {"q": "ébénisterie"}))
    found = card(html, cabinet_maker.slug)
    assert "transport avoided" not in found
    assert "?depuis=" not in found
