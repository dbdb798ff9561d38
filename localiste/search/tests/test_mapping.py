"""Server-side clusters: bounded, counts adding up, makers at one spot grouped."""

import pytest

from localiste.search import mapping
from localiste.search.mapping import search_map
from localiste.search.query import Filters, MapQuery
from localiste.search.tests.conftest import document

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid(index_documents):
    docs = [
        document(
            pk,
            f"Atelier {pk}",
            latitude=44 + (pk // 30) * 0.01,
            longitude=-1 + (pk % 30) * 0.01,
            category_ids=(1 + pk % 2,),
        )  # fmt: skip
        for pk in range(1, 601)
    ]
    docs += [document(1000 + pk, f"Boutique {pk}", latitude=45.5, longitude=0.5) for pk in range(3)]
    index_documents(*docs)


@pytest.mark.parametrize("zoom", [0, 5, 9, 12, 15, 18])
def test_features_are_bounded_and_add_up(grid, zoom):
    features = search_map(MapQuery(-2, 43, 2, 46, zoom, max_features=100))
    assert 0 < len(features) <= 100
    assert sum(feature.count for feature in features) == 603


def test_filtered_map_counts_the_matches(grid):
    features = search_map(MapQuery(-2, 43, 2, 46, 12, filters=Filters(category_ids=(1,))))
    assert sum(feature.count for feature in features) == 300
    text = search_map(MapQuery(-2, 43, 2, 46, 9, text="boutique"))
    assert [(f.count, sorted(f.ids)) for f in text] == [(3, [1000, 1001, 1002])]


def test_same_spot_grouped_and_single_points_carry_their_id(grid):
    features = search_map(MapQuery(0.4, 45.4, 0.6, 45.6, 16))
    assert [(f.count, sorted(f.ids)) for f in features] == [(3, [1000, 1001, 1002])]
    lone = search_map(MapQuery(-0.991, 44.009, -0.989, 44.011, 18))  # Atelier 31 alone
    assert [(f.count, f.id) for f in lone] == [(1, 31)]


@pytest.mark.parametrize(
    "bbox", [(200, -100, -300, 100), (float("nan"), 0, 1, 1), (1, 1, 1, 1), ("x", None, 3, 4)]
)
def test_malformed_boxes_are_clamped(grid, bbox):
    features = search_map(MapQuery(*bbox, zoom=99, max_features=10**9))
    assert len(features) <= 500


def test_many_matches_are_clustered_from_a_sample(grid, monkeypatch):
    monkeypatch.setattr(mapping, "ON_THE_FLY_POINTS", 100)
    features = search_map(MapQuery(-2, 43, 2, 46, 9, filters=Filters(category_ids=(1,))))
    assert 0 < len(features) <= 500
    assert 200 <= sum(feature.count for feature in features) <= 450  # about the 300 matches
