"""What a visitor types, on the fixed corpus: accents, plurals, elisions, stop words,
synonyms, typos and the word being typed. Exact id lists, so that the same test passing
on SQLite and on PostgreSQL shows that both backends find the same makers."""

import pytest
from django.utils import translation

from localiste.search.engine import search
from localiste.search.query import SearchQuery
from localiste.search.tests.conftest import hit_ids
from localiste.search.tests.corpus import BY_ID, MAKERS

pytestmark = pytest.mark.django_db

STATIC_RANK_ORDER = [maker.id for maker in sorted(MAKERS, key=lambda maker: -maker.rank)]


def found(text: str) -> list[int]:
    return hit_ids(search(SearchQuery(text=text, limit=100)))


@pytest.mark.parametrize("text", ["céramique", "ceramique", "CÉRAMIQUES", "Céramiques"])
def test_accents_case_and_plural_find_the_same_makers(corpus, text):
    # 3 has the word in its name, 14 and 15 a synonym (poterie) in theirs, 19 its category.
    assert found(text) == [3, 14, 15, 19]


@pytest.mark.parametrize("text", ["atelier", "l'atelier", "L’ATELIER", "d'atelier"])
def test_an_elided_article_is_ignored(corpus, text):
    # Names first (1 is "L'Atelier du Chêne"), then the makers whose story says "atelier".
    assert found(text) == [1, 12, 2, 3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("aquitaine", [7]), ("anesse", [6]), ("chene", [1, 18]), ("Chênes", [1, 18])],
)
def test_elided_and_accented_words_of_documents_are_indexed_bare(corpus, text, expected):
    # "Lumières d'Aquitaine", "lait d'ânesse", "L'Atelier du Chêne" / "meubles en chêne".
    assert found(text) == expected


def test_stop_words_do_not_narrow_a_search(corpus):
    # None of these makers writes "un", "pour", "nous", "du", "avec" or "une": had they
    # been searched, no maker would hold every word.
    for text, expected in [
        ("un jeu pour nous", [5]),
        ("du cuir avec une vachette", [4]),
        ("les jeux de société", [5]),
    ]:
        result = search(SearchQuery(text=text))
        assert hit_ids(result) == expected and result.matched_all_words


def test_a_query_of_stop_words_only_lists_everyone_by_static_rank(corpus):
    assert found("de la") == found("") == STATIC_RANK_ORDER


@pytest.mark.parametrize(("one", "other"), [("vitraux", "vitrail"), ("jeux", "jeu")])
def test_irregular_plurals_meet_their_singular(corpus, one, other):
    assert found(one) == found(other) != []


@pytest.mark.parametrize(
    ("trade", "expected"),
    [
        ("potier ", [3, 14, 15, 19]),  # céramique, poterie
        ("maroquinier ", [4]),  # maroquinerie
        ("joaillier ", [2]),  # bijoux
        ("savonnier ", [6]),  # savon
        ("lampe ", [7, 8]),  # luminaire (7), and the word itself (8: lampes Tiffany)
        ("ébéniste ", [1, 18, 10, 12, 9]),  # ébénisterie (1), mobilier
    ],
)
def test_a_trade_finds_what_it_makes(corpus, trade, expected):
    assert found(trade) == expected


def test_synonyms_find_makers_who_never_write_the_word(corpus):
    for pk in found("potier "):
        maker = BY_ID[pk]
        text = " ".join((maker.name, maker.categories, maker.products, maker.tagline, maker.story))
        assert "potier" not in text.lower()


@pytest.mark.parametrize(("trade", "expected"), [("soapmaker ", [6]), ("cabinetmaker ", [1, 18])])
def test_english_trades_find_english_category_names(corpus, trade, expected):
    with translation.override("en"):  # English synonyms apply to English queries only
        assert found(trade) == expected
    assert found(trade) == []  # the French site knows no English trade


def test_an_english_trade_finds_the_english_name_of_its_goods(corpus):
    # synonyms/en.txt alternatives are normalised like the index (French stemmer by default).
    with translation.override("en"):
        assert found("jeweller ") == [2]  # "Bijoux Lune", category "Jewellery"


@pytest.mark.parametrize(
    ("typed", "corrected", "expected"),
    [
        # Shown as written in the documents, not as the terms ("ceram") searched.
        ("cerammique ", {"cerammique": "céramique"}, [3, 14, 15, 19]),  # two edits (≥ 8)
        ("maroquinnerie ", {"maroquinnerie": "maroquinerie"}, [4]),
        ("savonerie ", {"savonerie": "savonnerie"}, [6]),
        ("couttelerie ", {"couttelerie": "coutellerie"}, [17]),
        ("vitrial ", {"vitrial": "vitrail"}, [8]),  # two letters swapped: one edit
        ("bijoux argnet ", {"argnet": "argent"}, [2]),  # only the misspelt word
    ],
)
def test_typos_are_corrected_and_reported(corpus, typed, corrected, expected):
    result = search(SearchQuery(text=typed))
    assert hit_ids(result) == expected
    assert result.corrected_terms == corrected
    assert result.matched_all_words


@pytest.mark.parametrize("text", ["céramique ", "saponifiés ", "grand "])
def test_words_makers_wrote_are_never_corrected(corpus, text):
    # The last two are only in stories (not in the typo vocabulary): the index is asked.
    result = search(SearchQuery(text=text))
    assert result.corrected_terms == {}
    assert result.hits


def test_short_words_are_not_corrected(corpus):
    result = search(SearchQuery(text="rotn "))  # four letters: too short to guess
    assert hit_ids(result) == [] and result.corrected_terms == {}


@pytest.mark.parametrize(
    ("typing", "expected"),
    [
        ("ébéni", [1, 18, 10, 12, 9]),  # as "ébéniste"
        ("maroq", [4]),
        ("lum", [7]),  # lumières, luminaires; not "Lune"
        ("tiss", [16]),
        ("cera", [3, 14, 15, 19]),
        ("jeux plat", [5]),  # the last word only: plateau
        ("dunes sav", [6]),  # savons
    ],
)
def test_the_last_word_is_completed_while_typing(corpus, typing, expected):
    result = search(SearchQuery(text=typing))
    assert hit_ids(result) == expected
    assert result.matched_all_words


@pytest.mark.parametrize(("text", "expected"), [("jeux plat ", [5]), ("sav dunes", [6])])
def test_a_finished_or_earlier_word_is_not_completed(corpus, text, expected):
    # "plat " (followed by a space) and "sav" (not the last word) must be whole words: no
    # maker holds both words, so the engine falls back to any of them and says so.
    result = search(SearchQuery(text=text))
    assert not result.matched_all_words
    assert hit_ids(result) == expected
