"""Changes to the fixed corpus after it was indexed: removals, edits, moves and rebuilds
must show at once in results, facets, suggestions and the map."""

import pytest

from localiste.search.engine import search, suggest
from localiste.search.mapping import search_map
from localiste.search.query import MapQuery, SearchQuery, Sort
from localiste.search.services import (
    search_check,
    search_documents_index,
    search_documents_remove,
    search_rebuild,
)
from localiste.search.tests.conftest import hit_ids
from localiste.search.tests.corpus import (
    BY_ID,
    CENTRE,
    GIRONDE_BBOX,
    GIRONDE_IDS,
    MADE_IN_FRANCE,
    MAKERS,
)
from localiste.search.vocabulary import vocabulary_forget

pytestmark = pytest.mark.django_db


def remove(*object_ids: int, source: str = "test") -> None:
    search_documents_remove(source=source, object_ids=object_ids)


def reindex(pk: int, **changes) -> None:
    maker = BY_ID[pk]
    search_documents_index(source="test", documents=[type(maker)(**{**maker.__dict__, **changes})])


def near_centre(**more):
    return SearchQuery(latitude=CENTRE[0], longitude=CENTRE[1], sort=Sort.DISTANCE, **more)


def map_total(zoom: int, text: str = "") -> int:
    return sum(f.count for f in search_map(MapQuery(*GIRONDE_BBOX, zoom=zoom, text=text)))


def test_a_removed_maker_is_gone_everywhere(corpus):
    remove(2)  # Bijoux Lune, Mérignac
    assert hit_ids(search(SearchQuery(text="bijoux"))) == []
    assert hit_ids(search(SearchQuery(text="argent "))) == []
    assert suggest("bij") == []
    everyone = search(SearchQuery(limit=100))
    assert 2 not in hit_ids(everyone) and everyone.total == 19
    assert everyone.facets["label"][MADE_IN_FRANCE] == 3
    assert hit_ids(search(near_centre(radius_km=10))) == [8, 1, 7, 3, 5, 16, 14]
    for zoom in (6, 10, 14, 18):
        assert map_total(zoom) == len(GIRONDE_IDS) - 1


def test_removing_unknown_or_removed_makers_changes_nothing(corpus):
    remove(2)
    remove(2, 999, 1000)
    remove(1, source="another-source")
    assert search(SearchQuery()).total == 19
    assert hit_ids(search(SearchQuery(text="chêne"))) == [1, 18]


def test_removing_every_maker_empties_the_index(corpus):
    remove(*(maker.id for maker in MAKERS))
    assert search(SearchQuery()).total == 0
    assert search(near_centre()).hits == []
    assert suggest("ate") == []
    assert search_map(MapQuery(-180, -85, 180, 85, 3)) == []
    assert search_map(MapQuery(*GIRONDE_BBOX, 16)) == []


def test_a_cluster_left_with_one_maker_shows_that_maker(corpus):
    features = search_map(MapQuery(*GIRONDE_BBOX, zoom=9))
    pair = [f for f in features if f.count == 2 and f.bbox[0] == BY_ID[14].longitude]
    assert len(pair) == 1  # 14 (Poterie des Vignes) and 17 (Coutellerie de l'Est)
    remove(17)
    features = search_map(MapQuery(*GIRONDE_BBOX, zoom=9))
    assert 14 in [f.id for f in features if f.count == 1]
    assert 17 not in [f.id for f in features] and map_total(9) == 16


def test_an_edited_maker_is_found_by_its_new_words_only(corpus):
    reindex(16, name="Tissage du Médoc", products="Plaids en laine")
    assert suggest("nord") == [] and suggest("medoc") == [16]
    assert hit_ids(search(SearchQuery(text="laine"))) == [16]
    assert hit_ids(search(SearchQuery(text="lin tissé "))) == []
    assert search(SearchQuery()).total == 20  # still one document


def test_a_maker_who_moves_leaves_the_radius_and_its_map_cell(corpus):
    assert 16 in hit_ids(search(near_centre(radius_km=10)))
    reindex(16, latitude=44.92863)  # 10.1 km north
    inside = search(near_centre(radius_km=10))
    assert 16 not in hit_ids(inside) and inside.total == 7
    assert hit_ids(search(near_centre(radius_km=10.2)))[-1] == 16
    moved = [f for f in search_map(MapQuery(*GIRONDE_BBOX, zoom=16)) if f.id == 16]
    assert [(f.latitude, f.longitude) for f in moved] == [(44.92863, BY_ID[16].longitude)]
    assert map_total(16) == len(GIRONDE_IDS)


def test_a_maker_who_loses_the_place_leaves_the_map_but_not_the_list(corpus):
    reindex(5, latitude=None, longitude=None)
    assert hit_ids(search(SearchQuery(text="jeux"))) == [5]
    assert 5 not in hit_ids(search(near_centre(limit=100)))
    assert map_total(14) == len(GIRONDE_IDS) - 1


def test_search_check_compares_the_index_with_its_source(rebuilt_corpus):
    assert search_check() == {"test": (20, 20)}
    remove(2)
    assert search_check() == {"test": (19, 20)}
    search_rebuild()
    assert search_check() == {"test": (20, 20)}
    assert hit_ids(search(SearchQuery(text="bijoux"))) == [2]


def test_a_rebuild_keeps_the_map(corpus, request):
    before = {zoom: sorted(f.count for f in search_map(MapQuery(*GIRONDE_BBOX, zoom=zoom)))
              for zoom in (6, 9, 12)}  # fmt: skip
    request.getfixturevalue("rebuilt_corpus")
    for zoom, counts in before.items():
        assert sorted(f.count for f in search_map(MapQuery(*GIRONDE_BBOX, zoom=zoom))) == counts


@pytest.mark.xfail(
    strict=True,
    reason="engine bug: upsert adds the terms of every version to search_term and removal "
    "never takes them off, so typos are 'corrected' to words no maker holds any more",
)
def test_a_typo_is_not_corrected_to_a_word_of_a_removed_maker(corpus):
    assert search(SearchQuery(text="argnet ")).corrected_terms == {"argnet": "argent"}
    remove(2)  # the only maker with "argent"
    vocabulary_forget()
    assert search(SearchQuery(text="argnet ")).corrected_terms == {}
