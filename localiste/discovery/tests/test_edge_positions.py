"""Positions at the edges of the world are answered, not refused: the poles, half a point."""

import math

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from localiste.discovery.map_params import parse_bbox
from localiste.discovery.params import API_NAMES, search_request_parse
from localiste.search.geo import MAX_LATITUDE

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@pytest.mark.parametrize("query", ["lat=-90", "lon=2.5", "lat=44.8&lon=", "lat=abc"])
@pytest.mark.django_db
def test_half_a_point_is_no_place_and_a_notice_not_an_error(query):
    request = search_request_parse(QueryDict(query), names=API_NAMES)
    assert not request.errors
    assert [notice.code for notice in request.notices] == ["incomplete_position"]
    assert not request.query.has_point


@pytest.mark.django_db
def test_the_api_searches_without_distances_when_half_a_point_is_given(client, makers):
    response = client.get("/api/v1/search", {"lat": "-90"}, headers={"accept-language": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [notice["code"] for notice in body["notices"]] == ["incomplete_position"]
    assert "latitude and a longitude" in body["notices"][0]["message"]
    assert all(hit["distance_km"] is None for hit in body["results"])


@pytest.mark.django_db
def test_a_point_at_a_pole_is_a_place(client, makers):
    response = client.get("/api/v1/search", {"lat": "-90", "lon": "0", "radius_km": "100"})
    assert response.status_code == 200
    assert response.json()["count"] == 0  # nobody makes anything at the South Pole
    assert client.get("/api/v1/search", {"lat": "91", "lon": "0"}).status_code == 400


@pytest.mark.parametrize(
    ("bbox", "zoom", "count"),
    [
        ("-180,-90,180,90", 0, 3),  # the whole world, poles included
        ("-180,-90,180,90", 12, 3),
        ("-2,44,0,90", 6, 3),  # from the Gironde up to the North Pole
        ("-10,85.5,10,90", 3, 0),  # beyond what the map shows
        ("-10,-95,10,-91", 3, 0),  # past the pole: clamped, not refused
        ("185,40,200,50", 3, 0),  # past the antimeridian
    ],
)
@pytest.mark.django_db
def test_the_map_answers_views_reaching_the_poles(client, makers, bbox, zoom, count):
    response = client.get("/api/v1/map", {"bbox": bbox, "zoom": zoom})
    assert response.status_code == 200, response.content
    features = response.json()["features"]
    assert sum(feature["properties"]["count"] for feature in features) == count


@pytest.mark.django_db
def test_a_bbox_in_the_wrong_order_is_still_refused(client):
    response = client.get("/api/v1/map", {"bbox": "10,40,-10,50", "zoom": "3"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "bad_bbox"


@given(finite, finite, finite, finite)
def test_any_view_from_south_west_to_north_east_is_clamped_to_the_map(lon1, lat1, lon2, lat2):
    (west, east), (south, north) = sorted([lon1, lon2]), sorted([lat1, lat2])
    notices = []
    box = parse_bbox(f"{west!r},{south!r},{east!r},{north!r}", notices)
    assert notices == []
    min_lon, min_lat, max_lon, max_lat = box
    assert -180 <= min_lon <= max_lon <= 180
    assert -MAX_LATITUDE <= min_lat <= max_lat <= MAX_LATITUDE
    assert all(math.isfinite(value) for value in box)
