"""Equal dates, equal places, equal scores: pages must still follow each other without
repeats, in the same order on SQLite and on PostgreSQL (imports often give many makers
the same publication time, and makers sharing a workshop share its address)."""

import datetime

import pytest

from localiste.search.engine import search
from localiste.search.mapping import search_map
from localiste.search.query import MapQuery, SearchQuery, Sort
from localiste.search.tests.conftest import BORDEAUX, document, hit_ids

pytestmark = pytest.mark.django_db

SAME_TIME = datetime.datetime(2025, 5, 1, 8, 0, tzinfo=datetime.UTC)
# Object ids in an order unrelated to their value: ties follow the order of indexing.
ORDER = [17, 3, 29, 8, 21, 1, 12, 25, 5, 30, 14, 9, 27, 2, 19, 11, 23, 6, 28, 15]


@pytest.fixture
def same_time(index_documents):
    index_documents(
        *(document(pk, f"Bijoux {pk}", published_at=SAME_TIME, rank=0.5) for pk in ORDER)
    )


@pytest.mark.parametrize("text", ["", "bijoux"])
@pytest.mark.parametrize("sort", [Sort.NEWEST, Sort.RELEVANCE])
def test_equal_makers_come_in_indexing_order_page_after_page(same_time, text, sort):
    pages = [search(SearchQuery(text=text, sort=sort, offset=o, limit=6)) for o in (0, 6, 12, 18)]
    assert [pk for page in pages for pk in hit_ids(page)] == ORDER
    assert {page.total for page in pages} == {20}


def test_a_newer_maker_comes_before_the_equal_ones(same_time, index_documents):
    later = SAME_TIME + datetime.timedelta(seconds=1)
    index_documents(document(99, "Bijoux neufs", published_at=later))
    assert hit_ids(search(SearchQuery(text="bijoux", sort=Sort.NEWEST, limit=3))) == [99, 17, 3]


@pytest.fixture
def shared_workshop(index_documents):
    """Three makers at one address, a fourth next door (40 m east)."""
    index_documents(
        document(7, "Céramiques Anna", rank=0.2),
        document(4, "Bijoux Léa", rank=0.9),
        document(9, "Vannerie Paul", rank=0.5),
        document(2, "Reliure Zoé", longitude=BORDEAUX[1] + 0.0005, rank=0.1),
    )


def test_makers_at_one_address_are_listed_in_indexing_order_nearest_first(shared_workshop):
    query = SearchQuery(latitude=BORDEAUX[0], longitude=BORDEAUX[1], sort=Sort.DISTANCE)
    result = search(query)
    assert hit_ids(result) == [7, 4, 9, 2]
    assert [hit.distance_km for hit in result.hits] == [0, 0, 0, 0.039]
    assert hit_ids(search(SearchQuery(**{**query.__dict__, "offset": 1, "limit": 2}))) == [4, 9]


@pytest.mark.parametrize("zoom", [17, 18, 20])
def test_makers_at_one_address_are_one_map_point_listing_them(shared_workshop, zoom):
    box = (BORDEAUX[1] - 0.01, BORDEAUX[0] - 0.01, BORDEAUX[1] + 0.01, BORDEAUX[0] + 0.01)
    features = sorted(search_map(MapQuery(*box, zoom=zoom)), key=lambda f: f.count)
    assert [(f.count, f.id, sorted(f.ids)) for f in features] == [(1, 2, []), (3, None, [4, 7, 9])]
    filtered = sorted(search_map(MapQuery(*box, zoom=zoom, text="bijoux céramiques vannerie")),
                      key=lambda f: f.count)  # fmt: skip
    assert [(f.count, sorted(f.ids)) for f in filtered] == [(3, [4, 7, 9])]
