"""French search terms: the same words meet whatever their accents, plural or elision."""

import pytest

from localiste.core.text import fold, search_terms


def test_fold_keeps_working_for_names():
    assert fold("Saint-Émilion") == "saint emilion"


@pytest.mark.parametrize("word", ["Ébénisterie", "ebenisterie", "ébénistes", "ÉBÉNISTE"])
def test_trade_and_its_forms_meet(word):
    assert search_terms(word) == ["eben"]


def test_elisions_and_stop_words_are_dropped():
    assert search_terms("L’atelier d’art de la Lune") == search_terms("atelier art lune")
    assert len(search_terms("atelier art lune")) == 3


@pytest.mark.parametrize(
    ("one", "other"),
    [("Meubles en chêne", "meuble chene"), ("jeux de société", "jeu de societe")],
)
def test_plural_and_accent_free_queries_meet(one, other):
    assert search_terms(one) == search_terms(other)


def test_only_letters_and_digits_come_out():
    terms = search_terms('NEAR( "x" * - : AND 🎉 l’été')
    assert all(term.isalnum() and term.isascii() for term in terms)
