"""Typos: synonym words as candidates, short words, and the notice showing words as
visitors write them (never stems); which of a document's parts matches a query."""

import pytest

from localiste.search.analysis import Vocabulary, best_match, query_terms
from localiste.search.backends import backend_for
from localiste.search.engine import search
from localiste.search.query import SearchQuery
from localiste.search.tests.conftest import document, hit_ids

pytestmark = pytest.mark.django_db


def test_a_typo_of_a_synonym_word_no_document_holds():
    # No document writes "meuble", but the synonym line "meuble: mobilier, …" does.
    vocabulary = Vocabulary({"mobili": 40})
    vocabulary.expansions_set({"fr": {"meubl": ("ameubl", "mobili")}}, {"meubl": "meuble"})
    terms = query_terms("meubel ", vocabulary=vocabulary)
    assert terms.corrected == {"meubel": "meuble"}
    assert set(terms.groups[0].terms) == {"meubl", "ameubl", "mobili"}


def test_meubel_finds_the_furniture_makers(corpus):
    result = search(SearchQuery(text="meubel "))
    assert result.corrected_terms == {"meubel": "meubles"}  # as 18's products write it
    assert set(hit_ids(result)) == {1, 9, 10, 12, 18}  # "Mobilier" in their categories


def test_a_short_word_with_two_letters_swapped(corpus):
    result = search(SearchQuery(text="ciur "))
    assert result.corrected_terms == {"ciur": "cuir"}
    assert 4 in hit_ids(result)
    # One letter changed is not guessed in a short word ("soie" is no "scie").
    assert search(SearchQuery(text="cuor ")).corrected_terms == {}


def test_a_short_word_is_fixed_only_when_one_candidate_fits():
    vocabulary = Vocabulary({"bosi": 300, "bios": 20, "cuir": 50, "sacs": 3})
    assert vocabulary.closest_short("cuor") is None  # one letter changed
    assert vocabulary.closest_short("ciur") == "cuir"  # two letters swapped
    assert vocabulary.closest_short("bois") is None  # bosi or bios: no guess
    assert vocabulary.closest_short("ucir") is None  # the first letter is kept
    assert vocabulary.closest_short("cuirs") is None  # same length only
    terms = query_terms("bois", vocabulary=vocabulary)
    assert terms.corrected == {}


def test_the_notice_keeps_the_accents_typed_and_shows_the_indexed_word(corpus):
    result = search(SearchQuery(text="Cérammique "))
    assert result.corrected_terms == {"cérammique": "céramique"}


def test_the_word_shown_is_the_most_frequent_one_and_stays_on_later_writes(index_documents):
    index_documents(
        document(1, "Vitraux du Médoc"),
        document(2, "Les Vitraux de Blaye"),
        document(3, "Vitrail et lumière"),
    )
    backend = backend_for()
    assert backend.term_words()["vitrail"] == "vitraux"
    index_documents(document(4, "Vitrail"), document(5, "Au vitrail"))
    assert backend.term_words()["vitrail"] == "vitraux"  # the first word written stays
    assert search(SearchQuery(text="vitrial ")).corrected_terms == {"vitrial": "vitraux"}


def test_a_rebuild_shows_the_most_frequent_word(rebuilt_corpus):
    assert backend_for().term_words()["ceram"] == "céramique"


def test_best_match_is_the_text_holding_most_words():
    groups = query_terms("table en chêne ").groups
    texts = ["Chaise en chêne", "Table « Estuaire », chêne massif", "Table basse, noyer"]
    assert best_match(texts, groups) == 1
    assert best_match(["Chaise en chêne", "Buffet"], groups) is None  # half of the words
    assert best_match(["Bol en grès"], query_terms("poterie ").groups) is None
    assert best_match(["Vase en céramique"], query_terms("poterie ").groups) == 0  # synonym
    assert best_match(["Tabouret"], query_terms("tabou").groups) == 0  # typing: a prefix
    assert best_match(["Table"], []) is None
