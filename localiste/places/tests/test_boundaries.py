"""Operators' GeoJSON boundaries: read, checked, repaired and simplified for the maps."""

import json
import math

import pytest
from django.core.exceptions import ValidationError

from localiste.places.boundaries import (
    MAX_BOUNDARY_POINTS,
    boundary_from_bbox,
    boundary_parse,
    boundary_simplified,
)
from localiste.places.geometry import boundary_contains

SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
FAR_SQUARE = [[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]


def codes(raw) -> str:
    with pytest.raises(ValidationError) as error:
        boundary_parse(raw if isinstance(raw, str) else json.dumps(raw, separators=(",", ":")))
    return error.value.code


def test_features_of_polygons_become_one_multipolygon():
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [SQUARE]}},
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [FAR_SQUARE]}},
        ],
    }
    boundary = boundary_parse(json.dumps(collection))
    assert boundary["type"] == "MultiPolygon"
    assert boundary_contains(boundary, 0.5, 0.5) and boundary_contains(boundary, 5.5, 5.5)
    assert not boundary_contains(boundary, 3, 3)


def test_overlapping_polygons_are_merged_into_one():
    overlapping = {
        "type": "MultiPolygon",
        "coordinates": [[SQUARE], [[[0.5, 0], [1.5, 0], [1.5, 1], [0.5, 1], [0.5, 0]]]],
    }
    boundary = boundary_parse(json.dumps(overlapping))
    assert boundary["type"] == "Polygon"
    assert boundary_contains(boundary, 0.5, 1.2)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json at all", "not_json"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [1, 0]', "not_json"),
        ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "not_polygon"),
        ({"type": "FeatureCollection", "features": []}, "not_polygon"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], ["x", 1]]]}, "bad_coordinates"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]}, "empty"),
        ({"type": "Polygon", "coordinates": [[[0, 100], [1, 100], [1, 101], [0, 100]]]},
         "not_wgs84"),
    ],
)  # fmt: skip
def test_unusable_boundaries_are_refused_with_a_reason(raw, code):
    assert codes(raw) == code


def test_a_boundary_too_large_or_too_detailed_is_refused():
    assert codes(" " * (5 * 1024 * 1024 + 1)) == "too_large"
    count = MAX_BOUNDARY_POINTS + 10
    ring = [
        [round(math.cos(2 * math.pi * i / count), 4), round(math.sin(2 * math.pi * i / count), 4)]
        for i in range(count)
    ]  # under 5 MB of text, over the points limit
    assert codes({"type": "Polygon", "coordinates": [[*ring, ring[0]]]}) == "too_many_points"


def test_the_display_copy_is_lighter_and_keeps_the_shape():
    count = 5000
    ring = [
        [
            -0.5 + 0.3 * math.cos(2 * math.pi * i / count),
            44.8 + 0.2 * math.sin(2 * math.pi * i / count),
        ]
        for i in range(count)
    ]
    boundary = boundary_parse(json.dumps({"type": "Polygon", "coordinates": [[*ring, ring[0]]]}))
    simple = boundary_simplified(boundary)
    assert len(simple["coordinates"][0]) < count / 5
    assert boundary_contains(simple, 44.8, -0.5) and not boundary_contains(simple, 45.2, -0.5)


def test_a_bounding_box_is_read_west_south_east_north():
    box = boundary_from_bbox("-1.3; 44.6; -1.1; 44.7")
    assert boundary_contains(box, 44.65, -1.2) and not boundary_contains(box, 44.65, -1.0)
    for bad in ["1, 2, 3", "-1.1, 44.6, -1.3, 44.7", "a, b, c, d"]:
        with pytest.raises(ValidationError):
            boundary_from_bbox(bad)
