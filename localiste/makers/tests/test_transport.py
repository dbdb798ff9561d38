"""The distance from the visitor and the transport avoided, on the maker page."""

import re

import pytest
from django.utils import translation

from localiste.catalog.origins import category_origin_km_map
from localiste.catalog.tests.factories import CategoryFactory
from localiste.makers.services.category_merge import category_merge
from localiste.makers.tests.factories import MakerFactory
from localiste.makers.transport import round_significant, transport_estimate
from localiste.places.models import Place
from localiste.places.services import gazetteer_load

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"


@pytest.fixture
def gironde(db):
    gazetteer_load(department="33")


@pytest.fixture
def furniture():
    return CategoryFactory(
        slug="t-mobilier", name_fr="Mobilier", name_en="Furniture", typical_origin_km=17_000
    )


def maker_in(commune: str, category, **fields):
    place = Place.objects.get(name=commune, department_code="33")
    return MakerFactory(
        primary_category=category,
        place=place,
        locality=commune,
        postcode=place.postcodes.split()[0],
        latitude=place.latitude,
        longitude=place.longitude,
        **fields,
    )


def page(client, maker, query: str = "", *, status: int = 200) -> str:
    with translation.override("fr"):
        url = "/en" + maker.get_absolute_url() + query
    response = client.get(url)
    assert response.status_code == status
    return " ".join(response.content.decode().split())


def panel(html: str) -> str:
    [found] = re.findall(r'<section class="panel transport".*?</section>', html)
    return found


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(16_994.9, 17_000), (8_127, 8_100), (44.9, 45), (1_250, 1_300), (4.4, 4), (0.3, 0), (-5, 0)],
)
def test_figures_keep_two_significant_figures_at_most(value, rounded):
    assert round_significant(value) == rounded


def test_transport_avoided_is_never_negative():
    estimate = transport_estimate(typical_km=1_200, distance=1_500.0)
    assert estimate.avoided_km is None
    assert estimate.typical_km == 1_200
    assert transport_estimate(typical_km=None, distance=5.0) is None


@pytest.mark.parametrize(
    ("typical", "distance", "avoided"),
    [
        # To the typical distance's own step: 100 km for 1,200 km, 1,000 km for 17,000 km.
        (1_200, 5.1, 1_200),
        (1_200, 420.0, 800),
        (17_000, 5.1, 17_000),
        (17_000, 2_600.0, 14_000),
        (50, 5.1, 45),
        # Less than one step nearer: no figure, not "about 5 km" (1,200 − 1,195).
        (1_200, 1_195.0, None),
        (1_200, 1_140.0, None),
        (1_200, 1_100.0, 100),
        (17_000, 16_600.0, None),
    ],
)
def test_transport_avoided_is_no_more_precise_than_the_typical_distance(typical, distance, avoided):
    assert transport_estimate(typical_km=typical, distance=distance).avoided_km == avoided


def test_a_maker_in_merignac_seen_from_bordeaux(client, gironde, furniture):
    # The shipped gazetteer puts Bordeaux at 44.84124 N, 0.58046 W and Mérignac at
    # 44.84247 N, 0.64512 W. By hand: Δlat = 0.00123° ≈ 0.14 km; Δlon = 0.06466° × cos 44.84°
    # × 111.19 km ≈ 5.10 km; so √(5.10² + 0.14²) ≈ 5.1 km as the crow flies. Transport avoided
    # for furniture: 17,000 − 5.1 = 16,994.9 km, shown to two significant figures: 17,000 km.
    maker = maker_in("Mérignac", furniture)
    html = panel(page(client, maker, "?depuis=Bordeaux"))
    assert "From Bordeaux:" in html
    assert "5.1 km away" in html
    assert "About 17,000 km of transport avoided" in html
    assert "16,99" not in html
    assert 'href="/en/transport-evite/"' in html
    assert 'value="Bordeaux"' in html
    # The form asks again on the same page, without JavaScript.
    assert (
        f'<form class="transport__form" method="get" action="/en/fabricants/{maker.slug}/"' in html
    )


def test_the_subtraction_shows_when_the_typical_distance_is_short(client, gironde):
    # 50 − 5.1 = 44.9 km, to two significant figures: 45 km.
    short = CategoryFactory(slug="t-court", typical_origin_km=50)
    maker = maker_in("Mérignac", short)
    assert "About 45 km of transport avoided" in panel(page(client, maker, "?depuis=Bordeaux"))


def test_a_position_works_as_well_as_a_town(client, gironde, furniture):
    maker = maker_in("Mérignac", furniture)
    html = panel(page(client, maker, "?depuis=44.84,-0.58"))
    assert "From your position:" in html
    assert "5.1 km away" in html
    assert "About 17,000 km of transport avoided" in html


def test_without_a_place_only_the_typical_distance_is_shown(client, gironde, furniture):
    maker = maker_in("Mérignac", furniture)
    html = panel(page(client, maker))
    assert "Made far away, a product of this kind travels about 17,000 km to get here." in html
    assert "km away" not in html
    assert "transport avoided" not in html
    assert (
        '<label class="field__label" for="transport-place">How far is it from you?</label>' in html
    )


def test_a_sub_category_takes_its_parents_distance(client, gironde, furniture):
    tables = CategoryFactory(slug="t-tables", parent=furniture)
    chairs = CategoryFactory(slug="t-chaises", parent=furniture, typical_origin_km=1_200)
    assert "about 17,000 km" in panel(page(client, maker_in("Mérignac", tables)))
    assert "about 1,200 km" in panel(page(client, maker_in("Mérignac", chairs)))


def test_no_estimate_for_a_kind_without_a_typical_distance(client, gironde):
    art = CategoryFactory(slug="t-art", typical_origin_km=None)
    html = panel(page(client, maker_in("Mérignac", art), "?depuis=Bordeaux"))
    assert "5.1 km away" in html
    assert "transport avoided" not in html
    assert "How is this estimated?" not in html


def test_a_maker_farther_than_far_away_shows_no_negative_figure(client, gironde):
    near_kind = CategoryFactory(slug="t-tout-pres", typical_origin_km=20)
    html = panel(page(client, maker_in("Arcachon", near_kind), "?depuis=Bordeaux"))
    # Named after the place the visitor typed, not "where you are".
    assert "from Bordeaux, this maker is hardly nearer, if at all." in html
    assert "transport avoided" not in html
    assert not re.search(r"[-−]\s*\d", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Nulle-Part-sur-Mer", "We could not find the place “Nulle-Part-sur-Mer”."),
        ("91,200", "The position is not valid"),
        ("x" * 300, "We could not find the place"),
        # No NUL nor control character reaches the database (PostgreSQL refuses a NUL).
        ("Nulle%00Part%01", "We could not find the place “Nulle Part”."),
    ],
)
def test_a_place_we_cannot_find_is_said_on_the_page(client, gironde, furniture, typed, message):
    # A shared page: it answers whole, with the message next to the field.
    maker = maker_in("Mérignac", furniture)
    html = panel(page(client, maker, f"?depuis={typed}"))
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "km away" not in html
    # The rest of the panel still works: the typical distance is there.
    assert "about 17,000 km" in html


def test_a_place_with_a_nul_still_finds_the_town(client, gironde, furniture):
    html = panel(page(client, maker_in("Mérignac", furniture), "?depuis=Bordeaux%00"))
    assert "From Bordeaux:" in html


def test_a_maker_without_a_location_does_not_read_the_place(
    client, gironde, furniture, django_assert_max_num_queries
):
    maker = MakerFactory(primary_category=furniture, latitude=None, longitude=None)
    with translation.override("fr"):
        url = "/en" + maker.get_absolute_url()
    client.get(url, HTTP_USER_AGENT=BROWSER)
    with django_assert_max_num_queries(8):
        response = client.get(url + "?depuis=Nulle-Part-sur-Mer", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert "We could not find the place" not in response.content.decode()


@pytest.mark.parametrize("query", ["", "?depuis=Mérignac 33700", "?depuis=44.84,-0.58"])
def test_the_maker_page_stays_within_eight_queries(
    client, gironde, furniture, django_assert_max_num_queries, query
):
    maker = maker_in("Mérignac", CategoryFactory(slug="t-buffets", parent=furniture))
    with translation.override("fr"):
        url = maker.get_absolute_url() + query
    # The categories' map and the visitor's place are cached from now on.
    client.get(url, HTTP_USER_AGENT=BROWSER)
    with django_assert_max_num_queries(8):  # 7 for the page, 1 to count the view
        response = client.get(url, HTTP_USER_AGENT=BROWSER)
    html = response.content.decode()
    assert 'id="transport-title"' in html
    if query:
        assert "km de transport évité" in html


def test_a_category_merge_empties_the_map_of_distances(django_capture_on_commit_callbacks):
    far = CategoryFactory(slug="t-loin", typical_origin_km=17_000)
    near = CategoryFactory(slug="t-pres", typical_origin_km=1_200)
    below = CategoryFactory(slug="t-dessous", parent=far)
    assert category_origin_km_map()[below.pk] == 17_000  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        category_merge(source=far, target=near, actor=None)
    # The sub-category moved under the target: it takes the target's distance at once.
    assert category_origin_km_map()[below.pk] == 1_200
