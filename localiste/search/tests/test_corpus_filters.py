"""Filters and facet counts on the fixed corpus: what a visitor narrows to, and the counts
next to each choice (which must match the makers they lead to)."""

import pytest

from localiste.search.engine import search
from localiste.search.query import Filters, SearchQuery
from localiste.search.tests.conftest import hit_ids
from localiste.search.tests.corpus import (
    ALPES_MARITIMES,
    ARTISAN_D_ART,
    BOARD_GAMES,
    BY_ID,
    CENTRE,
    CERAMICS,
    DEPARTEMENTS,
    EPV,
    FASHION,
    FURNITURE,
    GIRONDE,
    HOME,
    JEWELLERY,
    LEATHER,
    MADE_IN_FRANCE,
    METROPOLE,
    TOP_CATEGORIES,
)

pytestmark = pytest.mark.django_db


def found(text: str = "", **filters) -> list[int]:
    return hit_ids(search(SearchQuery(text=text, filters=Filters(**filters), limit=100)))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # A parent category holds its children (documents carry both); static-rank order.
        ({"category_ids": (HOME,)}, [13, 1, 18, 10, 3, 12, 7, 14, 8, 15, 19, 11, 9, 17]),
        ({"category_ids": (CERAMICS,)}, [3, 14, 15, 19]),
        ({"category_ids": (JEWELLERY, LEATHER)}, [4, 2]),  # any of them
        ({"category_ids": (999,)}, []),
        ({"label_ids": (ARTISAN_D_ART,)}, [1, 3, 14, 8]),
        ({"label_ids": (EPV, MADE_IN_FRANCE)}, [4, 2, 5, 8, 17]),  # any of them
        ({"services": ("on_site_sale",)}, [13, 4, 3, 6, 14, 15, 19, 11, 17]),
        ({"services": ("workshop_visits", "made_to_order")}, [1]),  # all of them
        ({"territory_ids": (METROPOLE,)}, [1, 2, 3, 5, 7, 8, 16]),
        ({"territory_ids": (ALPES_MARITIMES,)}, [19]),
        # Different filters all apply.
        ({"category_ids": (HOME,), "label_ids": (ARTISAN_D_ART,)}, [1, 3, 14, 8]),
        ({"category_ids": (FASHION,), "territory_ids": (METROPOLE,)}, [2, 16]),
        ({"category_ids": (HOME,), "services": ("on_site_sale",), "label_ids": (EPV,)}, []),
    ],
)
def test_filters_narrow_to_the_right_makers(corpus, filters, expected):
    assert found(**filters) == expected


def test_filters_and_words_together(corpus):
    assert found("bordeaux") == [1, 8]
    assert found("bordeaux", label_ids=(EPV,)) == [8]
    assert found("bois", category_ids=(BOARD_GAMES,)) == [5]
    assert found("chêne", territory_ids=(GIRONDE,)) == [1]  # not 18, in Brest


def test_unusable_ids_are_ignored_and_unknown_services_offered_by_no_one(corpus):
    assert found(category_ids=("céramique", -4, 2**80)) == found()
    assert found(category_ids=("x", CERAMICS)) == [3, 14, 15, 19]
    assert found(services=("teleportation",)) == []
    assert found(services=("On-Site Sale",)) == found(services=("on_site_sale",)) != []


def test_facet_counts_of_the_whole_directory(corpus):
    facets = search(SearchQuery()).facets
    assert facets["label"] == {ARTISAN_D_ART: 4, MADE_IN_FRANCE: 4, EPV: 2}
    assert facets["service"] == {
        "on_site_sale": 9,
        "workshop_visits": 6,
        "made_to_order": 5,
        "online_shop": 5,
        "shipping": 2,
    }
    assert facets["territory"] == {GIRONDE: 17, METROPOLE: 7, 29: 1, ALPES_MARITIMES: 1}
    assert {pk: facets["category"][pk] for pk in TOP_CATEGORIES} == {1: 3, 2: 14, 3: 1, 4: 1, 5: 1}
    assert facets["category"][FURNITURE] == 5 and facets["category"][CERAMICS] == 4


def _expected_facets(hit_ids_: list[int]) -> dict:
    counts = {"category": {}, "label": {}, "service": {}, "territory": {}}
    for pk in hit_ids_:
        maker = BY_ID[pk]
        for name, values in (
            ("category", maker.category_ids),
            ("label", maker.label_ids),
            ("service", maker.services),
            ("territory", maker.territory_ids),
        ):
            for value in values:
                counts[name][value] = counts[name].get(value, 0) + 1
    return counts


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(),
        SearchQuery(text="maison"),
        SearchQuery(text="bois"),
        SearchQuery(text="osier cuir"),  # any-word fallback
        SearchQuery(filters=Filters(category_ids=(HOME,), label_ids=(ARTISAN_D_ART,))),
        SearchQuery(latitude=CENTRE[0], longitude=CENTRE[1], radius_km=10),
        SearchQuery(text="maison", latitude=CENTRE[0], longitude=CENTRE[1], radius_km=60),
    ],
)
def test_each_facet_count_is_the_number_of_matching_makers_with_that_value(corpus, query):
    result = search(query)
    everyone = search(SearchQuery(**{**query.__dict__, "limit": 100, "offset": 0}))
    assert result.facets == _expected_facets(hit_ids(everyone))
    assert result.facets_are_exact and result.total == len(everyone.hits)
    # Each maker has one top category and (if located) one département: they add up.
    assert sum(result.facets["category"].get(pk, 0) for pk in TOP_CATEGORIES) == result.total
    located = sum(1 for pk in hit_ids(everyone) if BY_ID[pk].latitude is not None)
    assert sum(result.facets["territory"].get(pk, 0) for pk in DEPARTEMENTS) == located


def test_facets_follow_the_filters(corpus):
    result = search(SearchQuery(filters=Filters(category_ids=(CERAMICS,))))
    assert result.total == 4
    assert result.facets == {
        "category": {HOME: 4, CERAMICS: 4},
        "label": {ARTISAN_D_ART: 2},
        "service": {"on_site_sale": 4, "workshop_visits": 1},
        "territory": {GIRONDE: 3, METROPOLE: 1, ALPES_MARITIMES: 1},
    }


def test_facets_only_when_asked(corpus):
    assert search(SearchQuery(text="maison", with_facets=False)).facets == {}
