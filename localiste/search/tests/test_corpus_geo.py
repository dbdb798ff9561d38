"""Searching around a place on the fixed corpus: the radius to the metre, nearest first,
the distances shown, and how distance weighs on relevance. Distances are the project's
own haversine (search.geo), which these tests first check against known figures."""

import math

import pytest
from django.db import connection

from localiste.search import engine, geo
from localiste.search.engine import search
from localiste.search.query import Filters, SearchQuery, Sort
from localiste.search.tests.conftest import document, hit_ids
from localiste.search.tests.corpus import BY_ID, CENTRE, CERAMICS, LOCATED_IDS, MAKERS

pytestmark = pytest.mark.django_db


def km_from_centre(pk: int) -> float:
    maker = BY_ID[pk]
    return geo.distance_km(*CENTRE, maker.latitude, maker.longitude)


BY_DISTANCE = sorted(LOCATED_IDS, key=km_from_centre)


def near(text="", *, radius_km=10.0, sort=Sort.DISTANCE, point=CENTRE, **more) -> SearchQuery:
    return SearchQuery(
        text=text, latitude=point[0], longitude=point[1], radius_km=radius_km, sort=sort, **more
    )


def test_haversine_matches_known_distances():
    assert geo.distance_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.001)  # a degree
    assert geo.distance_km(0, 0, 90, 0) == pytest.approx(10007.56, abs=0.01)  # pole
    assert geo.distance_km(*CENTRE, 48.8566, 2.3522) == pytest.approx(499.3, abs=0.1)  # Paris
    assert geo.distance_km(*CENTRE, *CENTRE) == 0


def test_the_corpus_edge_points_straddle_ten_km():
    assert [round(km_from_centre(pk), 2) for pk in (14, 16, 15, 17)] == [9.9, 9.9, 10.1, 10.1]
    assert max(km_from_centre(pk) for pk in (14, 16)) < 9.901
    assert min(km_from_centre(pk) for pk in (15, 17)) > 10.099


def test_nearest_first_within_ten_km(corpus):
    result = search(near())
    # 16 (9.8997 km) and 14 (9.8997 km) are in; 15 (10.0995 km) and 17 (10.0998 km) out.
    assert hit_ids(result) == [8, 1, 7, 3, 2, 5, 16, 14]
    assert result.total == 8 and result.total_is_exact


def test_distances_shown_are_the_haversine_in_km(corpus):
    result = search(near(radius_km=1000, limit=100))
    assert hit_ids(result) == BY_DISTANCE  # 20 has no place: never listed near one
    assert [hit.distance_km for hit in result.hits] == [
        round(km_from_centre(pk), 3) for pk in BY_DISTANCE
    ]
    assert hit_ids(result)[-2:] == [18, 19]  # Brest, then Nice


@pytest.mark.parametrize(
    ("query", "inside", "outside"),
    [
        (near(), [14, 16], [15, 17]),
        (near(radius_km=10.2), [14, 15, 16, 17], []),
        (near(radius_km=9.8), [], [14, 15, 16, 17]),
        (near("poterie "), [14], [15]),  # words: matches of the cover cells
        (near(filters=Filters(category_ids=(CERAMICS,))), [14], [15]),  # a filter, the same
        (near("lin tissé"), [16], []),
        (near("couteaux "), [], [17]),
        (near(sort=Sort.RELEVANCE), [14, 16], [15, 17]),
    ],
)
def test_the_radius_is_exact_at_its_edge(corpus, query, inside, outside):
    ids = hit_ids(search(query))
    assert set(inside) <= set(ids)
    assert not set(outside) & set(ids)
    assert all(km_from_centre(pk) <= query.radius_km for pk in ids)


def test_words_and_filters_within_the_radius(corpus):
    assert hit_ids(search(near("poterie "))) == [3, 14]
    assert hit_ids(search(near("maison"))) == [8, 1, 7, 3, 16, 14]  # 16: "linge de maison"
    assert hit_ids(search(near(filters=Filters(category_ids=(CERAMICS,))))) == [3, 14]


def test_relevance_near_a_place_divides_by_distance(corpus):
    result = search(near(sort=Sort.RELEVANCE))
    # Without words: 0.1 × static rank ÷ (1 + km / 10), as docs/search.md says.
    expected = sorted(
        (pk for pk in LOCATED_IDS if km_from_centre(pk) <= 10),
        key=lambda pk: -0.1 * BY_ID[pk].rank / (1 + km_from_centre(pk) / 10),
    )
    assert hit_ids(result) == expected == [1, 2, 3, 5, 7, 8, 14, 16]
    distances = [round(km_from_centre(pk), 3) for pk in expected]
    assert [hit.distance_km for hit in result.hits] == distances


def test_a_place_reorders_the_same_words(corpus):
    assert hit_ids(search(SearchQuery(text="mobilier"))) == [1, 18, 10, 12, 9]
    around = search(near("mobilier", radius_km=None, sort=Sort.RELEVANCE))
    assert hit_ids(around) == [1, 10, 9, 12, 18]  # Brest (18) is 495 km away
    assert around.total == 5


def test_without_a_radius_every_located_maker_comes_nearest_first(corpus):
    result = search(near(radius_km=None, limit=100))
    assert hit_ids(result) == BY_DISTANCE and result.total == len(LOCATED_IDS)


def test_pages_of_nearest_first(corpus):
    pages = [search(near(radius_km=None, offset=o, limit=5)) for o in range(0, 20, 5)]
    assert [pk for page in pages for pk in hit_ids(page)] == BY_DISTANCE
    assert [hit.distance_km for hit in pages[1].hits] == [
        round(km_from_centre(pk), 3) for pk in BY_DISTANCE[5:10]
    ]


def test_around_another_place(corpus):
    assert hit_ids(search(near(point=(48.3904, -4.4861)))) == [18]  # Brest
    assert hit_ids(search(near(point=(0.0, 0.0), radius_km=500))) == []


@pytest.mark.parametrize(("radius", "expected"), [(-3, []), (0, []), (50_000, BY_DISTANCE)])
def test_radius_is_clamped_to_what_the_engine_serves(corpus, radius, expected):
    # Down to 100 m (no maker is that close), up to 1,000 km (Nice is 636 km away).
    assert hit_ids(search(near(radius_km=radius, limit=100))) == expected


@pytest.mark.parametrize(("lat", "lon"), [(44.8, None), (None, -0.5), (math.nan, -0.5)])
def test_half_a_point_is_no_place(corpus, lat, lon):
    result = search(SearchQuery(latitude=lat, longitude=lon, radius_km=10, limit=100))
    assert result.total == len(MAKERS)
    assert {hit.distance_km for hit in result.hits} == {None}


def test_a_maker_just_inside_the_radius_is_found_without_words(index_documents):
    index_documents(document(1, "Poterie du Nord", latitude=44.92769, longitude=CENTRE[1]))
    assert 9.99 < geo.distance_km(*CENTRE, 44.92769, CENTRE[1]) < 10
    assert hit_ids(search(near("poterie"))) == [1]  # found with a word
    assert hit_ids(search(near())) == [1]  # and without (the spatial index's box holds it)


@pytest.fixture
def many_south(index_documents, monkeypatch):
    """30 makers due south of the point every ~1.1 km, and so few matches counted exactly
    that the nearest-first rings are read, each at most 8 points."""
    monkeypatch.setattr(engine, "NEAR_EXACT_LIMIT", 5)
    monkeypatch.setattr(engine, "RING_POINTS", 8)
    index_documents(
        *(
            document(n, f"Bijoux {n}", latitude=44.84 - n * 0.01, longitude=-0.58, rank=n / 30)
            for n in range(1, 31)
        )
    )


def test_nearest_first_by_rings_with_words(many_south):
    query = near("bijoux", point=(44.84, -0.58), radius_km=100, limit=3)
    assert hit_ids(search(query)) == [1, 2, 3]


@pytest.mark.xfail(
    connection.vendor == "postgresql",
    strict=True,
    reason="engine bug (PostgreSQL): without words a ring reads its first RING_POINTS points "
    "in the btree's (latitude, longitude) order, southernmost first, not the nearest",
)
def test_nearest_first_by_rings_without_words(many_south):
    query = near(point=(44.84, -0.58), radius_km=100, limit=3)
    assert hit_ids(search(query)) == [1, 2, 3]
