"""The new parts of the page contract: nearest good matches first, open at a half-hour of
the week, only some objects; and goods (categories, products) ranked above names."""

import pytest

from localiste.search import engine
from localiste.search.engine import search
from localiste.search.mapping import search_map
from localiste.search.prepare import slot_tags
from localiste.search.query import Filters, MapQuery, SearchQuery, Sort
from localiste.search.tests.conftest import BORDEAUX, document, hit_ids

pytestmark = pytest.mark.django_db

LAT, LON = BORDEAUX
MONDAY_10H = 0 * 48 + 10 * 2  # Monday 10:00–10:30
SATURDAY_14H30 = 5 * 48 + 14 * 2 + 1


def near(km_north: float) -> dict:
    return {"latitude": LAT + km_north / 111.2, "longitude": LON}


@pytest.fixture
def tables(index_documents):
    """Table makers at 1 to 5 km, a maker merely named "Table" nearest of all."""
    index_documents(
        document(1, "Atelier Chêne", categories="Mobilier Tables", products="Table en chêne",
                 rank=0.1, **near(5)),
        document(2, "Menuiserie Roux", categories="Mobilier Tables", rank=0.1, **near(3)),
        document(3, "La Table Ronde", categories="Céramique", rank=0.9, **near(0.5)),
        document(4, "Ébénisterie", categories="Mobilier", products="Tables basses",
                 rank=0.1, **near(1)),
        document(5, "Bijoux Lune", categories="Bijoux", rank=0.5, **near(0.2)),
    )  # fmt: skip


def test_goods_rank_above_a_name(tables):
    # 3 is named "Table" and best-ranked, but makes none: it comes after every table maker.
    assert hit_ids(search(SearchQuery(text="table"))) == [1, 2, 4, 3]
    assert hit_ids(search(SearchQuery(text="table chêne"))) == [1]
    # Near a place too, where relevance is divided by (1 + km / 10): 3 is nearest, but last.
    near_here = search(SearchQuery(text="table", latitude=LAT, longitude=LON))
    assert hit_ids(near_here) == [2, 4, 1, 3]


def test_nearest_puts_the_good_matches_first_by_distance(tables):
    query = SearchQuery(text="table", latitude=LAT, longitude=LON, sort=Sort.NEAREST)
    result = search(query)
    # 4 (1 km), 2 (3 km), 1 (5 km) make tables; 3, nearer, is only named so.
    assert hit_ids(result) == [4, 2, 1, 3]
    assert [round(hit.distance_km) for hit in result.hits] == [1, 3, 5, 0]


def test_nearest_without_words_is_plain_distance(tables):
    query = SearchQuery(latitude=LAT, longitude=LON, sort=Sort.NEAREST)
    assert hit_ids(search(query)) == [5, 3, 4, 2, 1]
    query = SearchQuery(latitude=LAT, longitude=LON, sort=Sort.NEAREST, filters=Filters())
    assert hit_ids(search(query)) == hit_ids(search(SearchQuery(
        latitude=LAT, longitude=LON, sort=Sort.DISTANCE)))  # fmt: skip


def test_nearest_without_a_point_is_relevance(tables):
    relevance = search(SearchQuery(text="table"))
    assert hit_ids(search(SearchQuery(text="table", sort=Sort.NEAREST))) == hit_ids(relevance)


@pytest.fixture
def names_near_goods_far(index_documents):
    """Makers merely named "Table" nearest, then makers of tables further out."""
    index_documents(
        *(document(n, f"Table {n}", categories="Bijoux", **near(n)) for n in range(1, 7)),
        *(document(n, f"Atelier {n}", categories="Mobilier Tables", products="Table",
                   **near(n)) for n in range(7, 13)),
    )  # fmt: skip


@pytest.mark.parametrize("candidates", [4, 100])
def test_nearest_pages_follow_each_other(names_near_goods_far, monkeypatch, candidates):
    # The good-match threshold comes from the same nearest candidates whatever the page.
    monkeypatch.setattr(engine, "GEO_CANDIDATES", candidates)

    def page(offset, limit):
        query = SearchQuery(text="table", latitude=LAT, longitude=LON, sort=Sort.NEAREST,
                            offset=offset, limit=limit)  # fmt: skip
        return hit_ids(search(query))

    first_ten = page(0, 10)
    assert page(0, 5) + page(5, 5) == first_ten
    assert len(first_ten) == 10 and page(10, 5) == [n for n in page(0, 12) if n not in first_ten]


@pytest.fixture
def hours(index_documents):
    monday_morning = tuple(range(MONDAY_10H - 2, MONDAY_10H + 4))  # 9:00–12:00
    index_documents(
        document(1, "Atelier du lundi", categories="Bijoux", open_slots=monday_morning),
        document(2, "Atelier du samedi", categories="Bijoux", open_slots=(SATURDAY_14H30,)),
        document(3, "Atelier sans horaires", categories="Bijoux"),
    )


def test_open_at_a_half_hour_of_the_week(hours):
    def found(slot, text=""):
        return hit_ids(search(SearchQuery(text=text, filters=Filters(open_slot=slot))))

    assert found(MONDAY_10H) == [1]
    assert found(MONDAY_10H, "bijoux") == [1]
    assert found(SATURDAY_14H30) == [2]
    assert found(SATURDAY_14H30 + 1) == []
    assert sorted(found(None)) == [1, 2, 3]
    # Out of the week or not a number: no filter rather than an error.
    assert sorted(found(7 * 48)) == sorted(found(-1)) == sorted(found("x")) == [1, 2, 3]


def test_open_half_hours_are_tagged_by_hour_and_edges_exactly(index_documents):
    # Monday 9:30–11:00: the hour 10:00–11:00 is one tag, 9:30 its own.
    slots = (MONDAY_10H - 1, MONDAY_10H, MONDAY_10H + 1)
    assert slot_tags(slots) == [f"h{MONDAY_10H // 2}", f"o{MONDAY_10H - 1}"]
    assert len(slot_tags(range(MONDAY_10H - 2, MONDAY_10H + 16))) == 9  # 9:00–18:00
    index_documents(document(1, "Atelier", open_slots=slots))
    for slot, expected in [(MONDAY_10H - 2, []), (MONDAY_10H - 1, [1]), (MONDAY_10H, [1]),
                           (MONDAY_10H + 1, [1]), (MONDAY_10H + 2, [])]:  # fmt: skip
        assert hit_ids(search(SearchQuery(filters=Filters(open_slot=slot)))) == expected


def test_open_slots_are_not_a_facet(hours):
    result = search(SearchQuery(filters=Filters(open_slot=MONDAY_10H)))
    assert result.total == 1
    assert all(str(value)[0] not in "oh" for facet in result.facets.values()
               for value in facet)  # fmt: skip
    assert set(result.facets) == {"category", "label", "service", "territory"}


@pytest.fixture
def many(index_documents):
    index_documents(*(document(n, f"Poterie {n}", rank=n / 100) for n in range(1, 31)))


def test_only_the_given_objects(many):
    def found(ids, **query):
        filters = Filters(object_ids=ids)
        return sorted(hit_ids(search(SearchQuery(filters=filters, limit=100, **query))))

    assert found((3, 7, 29)) == [3, 7, 29]
    assert found((3, 7, 29), text="poterie") == [3, 7, 29]
    assert found((3, 7, 29), text="poterie", latitude=LAT, longitude=LON) == [3, 7, 29]
    assert found((3, 7, 29), sort=Sort.NEWEST) == [3, 7, 29]
    assert found((404, 405)) == []  # none indexed: nothing, rather than everything
    assert found((3, 3, "x", -1)) == [3]
    assert search(SearchQuery(filters=Filters(object_ids=(3, 7)))).total == 2


def test_only_the_given_objects_on_the_map(many):
    def features(*ids):
        return search_map(MapQuery(-1, 44, 0, 45, zoom=12, filters=Filters(object_ids=ids)))

    assert sum(feature.count for feature in features(3, 7)) == 2
    assert features(404) == []
