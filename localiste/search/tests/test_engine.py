"""The engine on hand-made documents: matching, ranking, filters, distance, bad input."""

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localiste.search import engine
from localiste.search.engine import search, suggest
from localiste.search.query import Filters, SearchQuery, Sort
from localiste.search.services import search_documents_remove
from localiste.search.tests.conftest import document

pytestmark = pytest.mark.django_db


def ids(result):
    return [hit.id for hit in result.hits]


def test_name_outranks_story(index_documents):
    index_documents(
        document(1, "Atelier Lune", story="On y fabrique des bijoux en argent."),
        document(2, "Bijoux de Lune", tagline="Bagues"),
        document(3, "Poterie du port", categories="Céramique"),
    )
    result = search(SearchQuery(text="bijou"))
    assert ids(result) == [2, 1]
    assert result.total == 2 and result.total_is_exact


def test_all_words_then_any_word(index_documents):
    index_documents(document(1, "Bijoux d'argent"), document(2, "Meubles en chêne"))
    assert ids(search(SearchQuery(text="bijoux argent"))) == [1]
    fallback = search(SearchQuery(text="bijoux chêne "))
    assert not fallback.matched_all_words
    assert sorted(ids(fallback)) == [1, 2]


def test_synonyms_prefix_and_typos(index_documents):
    index_documents(
        document(1, "Atelier Bois", categories="Mobilier Furniture"),
        document(2, "Joaillerie Martin", products="Bagues en argent"),
    )
    assert ids(search(SearchQuery(text="ébéniste "))) == [1]
    assert ids(search(SearchQuery(text="joail"))) == [2]
    assert ids(search(SearchQuery(text="ébéni"))) == [1]
    typo = search(SearchQuery(text="bagues argnet "))
    assert ids(typo) == [2]
    assert typo.corrected_terms == {"argnet": "argent"}


def test_filters_and_facets(index_documents):
    index_documents(
        document(1, "Bijoux A", category_ids=(10, 1), label_ids=(5,), services=("on_site_sale",)),
        document(2, "Bijoux B", category_ids=(11, 1)),
        document(3, "Bijoux C", category_ids=(20, 2)),
    )
    parent = search(SearchQuery(text="bijoux", filters=Filters(category_ids=(1,))))
    assert sorted(ids(parent)) == [1, 2]
    assert parent.facets["category"] == {1: 2, 10: 1, 11: 1}
    assert parent.facets["service"] == {"on_site_sale": 1}
    sale = search(SearchQuery(filters=Filters(services=("on_site_sale",), label_ids=(5,))))
    assert ids(sale) == [1]


def test_radius_and_distance_order(index_documents):
    index_documents(
        document(1, "Loin", latitude=44.84 + 0.3, longitude=-0.58),  # ~33 km north
        document(2, "Près", latitude=44.84 + 0.05, longitude=-0.58),  # ~5.6 km
        document(3, "Ici", latitude=44.84, longitude=-0.58),
        document(4, "Sans lieu", latitude=None, longitude=None),
    )
    near = search(SearchQuery(latitude=44.84, longitude=-0.58, radius_km=10, sort=Sort.DISTANCE))
    assert ids(near) == [3, 2]
    assert near.hits[0].distance_km == 0 and 5 < near.hits[1].distance_km < 6
    assert near.total == 2


def test_newest_first_and_removal(index_documents):
    import datetime

    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    index_documents(document(1, "Vieux bijou", published_at=old), document(2, "Bijou neuf"))
    assert ids(search(SearchQuery(text="bijou", sort=Sort.NEWEST))) == [2, 1]
    search_documents_remove(source="test", object_ids=[2])
    assert ids(search(SearchQuery(text="bijou"))) == [1]


def test_reindexing_replaces_the_document(index_documents):
    index_documents(document(1, "Bijoux Martin"))
    index_documents(document(1, "Poterie Martin"))
    assert ids(search(SearchQuery(text="bijoux"))) == []
    assert ids(search(SearchQuery(text="poterie"))) == [1]


def test_suggest_by_name_prefix(index_documents):
    index_documents(document(1, "Atelier Lune"), document(2, "Lunettes Paul"), document(3, "Pot"))
    assert sorted(suggest("lun")) == [1, 2]
    assert suggest("atelier lu") == [1]
    assert suggest("") == []


HOSTILE = [
    '"', "'", "*", "NEAR(", "-", ":", "AND", "OR NOT", "bijou*", "(", ")", "^", "{name}:",
    "x" * 2000, "🎉🧵", "\x00", "a:b", '"bijou" OR', "NOT bijou", "\u202e",
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_raises(index_documents, text):
    index_documents(document(1, "Bijoux NEAR AND OR NOT"))
    result = search(SearchQuery(text=text, latitude=95, longitude=-400, radius_km=-3))
    assert result.total >= 0


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(max_size=60),
    latitude=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    longitude=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    radius=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    offset=st.integers(min_value=-10, max_value=10**9),
    limit=st.integers(min_value=-10, max_value=10**6),
    category=st.integers(min_value=-(2**70), max_value=2**70),
)
def test_random_input_never_raises(
    index_documents, text, latitude, longitude, radius, offset, limit, category
):
    index_documents(document(1, "Bijoux"))
    query = SearchQuery(
        text=text,
        latitude=latitude,
        longitude=longitude,
        radius_km=radius,
        offset=offset,
        limit=limit,
        filters=Filters(category_ids=(category,)),
    )
    assert search(query).total >= 0


@pytest.fixture
def many_near(index_documents, monkeypatch):
    """30 makers due north of the point every ~1.1 km, best-ranked farthest, and few
    enough matches counted exactly that the nearest-first rings are used."""
    monkeypatch.setattr(engine, "NEAR_EXACT_LIMIT", 5)
    monkeypatch.setattr(engine, "RING_POINTS", 8)
    index_documents(
        *(
            document(n, f"Bijoux {n}", latitude=44.84 + n * 0.01, longitude=-0.58, rank=n / 30)
            for n in range(1, 31)
        )
    )


@pytest.mark.parametrize("text", ["bijoux", ""])
def test_nearest_first_when_matches_are_many(many_near, text):
    query = SearchQuery(
        text=text, latitude=44.84, longitude=-0.58, radius_km=100, sort=Sort.DISTANCE, limit=3
    )
    result = search(query)
    assert ids(result) == [1, 2, 3]
    assert [round(hit.distance_km) for hit in result.hits] == [1, 2, 3]
    assert not result.total_is_exact and result.total >= 3
    deeper = search(replace(query, offset=3))
    assert ids(deeper) == [4, 5, 6]


def test_relevance_near_a_place_weighs_distance(many_near):
    result = search(SearchQuery(text="bijoux", latitude=44.84, longitude=-0.58, radius_km=100))
    distances = [hit.distance_km for hit in result.hits]
    assert ids(result)[0] == 1 and distances == sorted(distances)
