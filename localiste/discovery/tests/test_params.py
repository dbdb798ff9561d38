"""Reading what visitors put in the search URL: clamped values and clear notices, no errors."""

import pytest
from django.http import QueryDict

from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.discovery.map_params import map_request_parse
from localiste.discovery.params import (
    API_NAMES,
    MAX_OFFSET,
    PER_PAGE,
    search_request_parse,
)
from localiste.search.query import Sort

pytestmark = pytest.mark.django_db


def parse(query_string: str, **kwargs):
    return search_request_parse(QueryDict(query_string), **kwargs)


def codes(request) -> set[str]:
    return {notice.code for notice in request.notices}


def test_an_empty_request_asks_for_everything():
    request = parse("")
    assert request.query.text == ""
    assert not request.query.has_point
    assert request.query.radius_km is None
    assert request.query.sort == Sort.RELEVANCE
    assert (request.query.offset, request.query.limit) == (0, PER_PAGE)
    assert request.notices == []


def test_long_queries_are_cut_to_200_characters_with_a_notice():
    request = parse("q=" + "bois " * 400)
    assert len(request.query.text) <= 200
    assert "query_truncated" in codes(request)
    assert request.errors == []


def test_category_and_labels_become_filters():
    furniture = CategoryFactory(slug="meubles")
    epv = LabelFactory(slug="epv")
    request = parse("categorie=meubles&label=epv&services=online_shop&services=nope")
    assert request.query.filters.category_ids == (furniture.pk,)
    assert request.query.filters.label_ids == (epv.pk,)
    assert request.query.filters.services == ("online_shop",)
    assert "unknown_service" in codes(request)


def test_an_unknown_category_is_reported_not_raised():
    request = parse("categorie=licornes")
    assert request.category is None
    assert request.query.filters.category_ids == ()
    assert [notice.code for notice in request.errors] == ["unknown_category"]
    assert "licornes" in str(request.errors[0].message)


@pytest.mark.parametrize(
    ("asked", "used"), [("5", 5), ("7", 5), ("30", 25), ("-3", 5), ("1e9", 100), ("100", 100)]
)
def test_the_radius_goes_to_the_nearest_choice(asked, used):
    request = parse(f"lat=44.84&lon=-0.58&rayon={asked}")
    assert request.radius_km == used
    assert request.query.radius_km == used


def test_coordinates_out_of_range_are_refused():
    request = parse("lat=95&lon=2")
    assert not request.query.has_point
    assert "bad_coordinates" in codes(request)
    assert not parse("lat=nan&lon=2").query.has_point


def test_coordinates_give_a_point_and_a_default_radius():
    request = parse("lat=44.84&lon=-0.58")
    assert request.query.has_point and request.uses_coordinates
    assert request.query.radius_km == 25


def test_a_place_is_geocoded_and_wins_over_coordinates(gironde):
    request = parse("lieu=M%C3%A9rignac&lat=10&lon=10&rayon=10")
    assert request.place.name == "Mérignac"
    assert abs(request.query.latitude - 44.84) < 0.1
    assert request.query.radius_km == 10
    assert not request.uses_coordinates


def test_an_unknown_place_gives_a_notice_and_suggestions(gironde):
    request = parse("lieu=Merignak")
    assert not request.query.has_point
    assert "place_not_found" in codes(request)
    assert parse("lieu=Merig").place_suggestions[0].name == "Mérignac"


def test_sorting_by_distance_needs_a_point():
    assert parse("tri=distance").query.sort == Sort.RELEVANCE
    assert parse("tri=distance&lat=44.8&lon=-0.5").query.sort == Sort.DISTANCE
    assert parse("tri=newest").query.sort == Sort.NEWEST
    assert "bad_sort" in codes(parse("tri=NEAR("))


@pytest.mark.parametrize("page", ["10000", "-4", "abc", "1e400", "0"])
def test_page_numbers_are_clamped(page):
    request = parse(f"page={page}")
    assert request.page >= 1
    assert request.query.offset <= MAX_OFFSET


def test_the_api_names_are_english():
    furniture = CategoryFactory(slug="meubles")
    request = parse("category=meubles&radius_km=50&lat=44.8&lon=-0.5", names=API_NAMES)
    assert request.query.filters.category_ids == (furniture.pk,)
    assert request.query.radius_km == 50


@pytest.mark.parametrize("bbox", ["", "1,2,3", "a,b,c,d", "10,10,0,0", "nan,1,2,3", "1,2,3,4,5"])
def test_a_bad_bbox_is_refused(bbox):
    request = map_request_parse(QueryDict(f"bbox={bbox}&zoom=5"))
    assert request.query is None
    assert "bad_bbox" in {notice.code for notice in request.errors}


def test_a_bbox_is_clamped_to_what_the_map_shows():
    request = map_request_parse(QueryDict("bbox=-500,-100,500,100&zoom=99&q=bois"))
    query = request.query
    # Web Mercator maps stop at about 85° (search.geo.MAX_LATITUDE).
    assert (query.min_longitude, query.min_latitude) == (-180, -85)
    assert (query.max_longitude, query.max_latitude) == (180, 85)
    assert query.zoom == 20 and query.text == "bois"
