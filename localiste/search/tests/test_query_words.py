"""The words a query searches: short words never turned into other real words, synonyms of
the query's language only, suggestions without synonyms, and the word shown for a typo
(never a stem) from one read of the term table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from localiste.search.analysis import Vocabulary, query_terms
from localiste.search.backends import backend_for
from localiste.search.backends.terms import TermCounts
from localiste.search.engine import search, suggest
from localiste.search.prepare import PreparedDocument
from localiste.search.query import SearchQuery
from localiste.search.tests.conftest import document, hit_ids
from localiste.search.vocabulary import vocabulary, vocabulary_forget

pytestmark = pytest.mark.django_db


@pytest.fixture
def crafts(index_documents):
    index_documents(
        document(1, "Scierie Martin", categories="Bois", products="Scie, planches"),
        document(2, "Couture Lila", categories="Vêtements", products="Jupe plissée"),
        document(3, "Maroquinerie Sud", categories="Cuir", products="Ceinture en cuir"),
        document(4, "Ébénisterie Roux", categories="Mobilier", products="Table, meuble"),
        document(5, "Atelier Fil", categories="Textile", story="Foulards en soie sauvage"),
        document(6, "Chaises Paillées", categories="Mobilier", products="Chaise paillée"),
    )


@pytest.mark.parametrize("typed", ["soie", "jute", "cuit", "soie ", "jute ", "cuit "])
def test_a_short_real_word_is_never_turned_into_another(crafts, typed):
    # "scie", "jupe", "cuir" are one letter away: a silk search must not list saw makers.
    result = search(SearchQuery(text=typed))
    assert result.corrected_terms == {}
    assert not {1, 2, 3} & set(hit_ids(result))


def test_silk_finds_the_silk_maker_only(crafts):
    assert hit_ids(search(SearchQuery(text="soie "))) == [5]  # in its story


def test_short_words_tolerate_two_neighbours_swapped_only():
    vocabulary = Vocabulary(
        {"scie": 10, "jup": 10, "cuir": 50, "tabl": 40}, words={"tabl": "table", "cuir": "cuir"}
    )
    assert vocabulary.closest_short("ciur") == "cuir"
    assert vocabulary.closest_short("cuor") is None  # a letter changed: not guessed
    assert vocabulary.closest_short("soie") is None and vocabulary.closest_short("cuit") is None
    assert query_terms("ciur ", vocabulary=vocabulary).corrected == {"ciur": "cuir"}
    tabel = query_terms("tabel ", vocabulary=vocabulary)  # five letters, as "table" is written
    assert tabel.corrected == {"tabel": "table"} and tabel.groups[0].terms == ("tabl",)
    assert query_terms("tible ", vocabulary=vocabulary).corrected == {}


def test_a_six_letter_typo_is_still_fixed(crafts):
    result = search(SearchQuery(text="meubel "))
    assert result.corrected_terms == {"meubel": "meuble"}
    assert 4 in hit_ids(result)


def test_synonyms_apply_in_the_query_language_only(crafts):
    # French "chair" is flesh: no chairs on the French site; English "chair" finds them.
    with translation.override("fr"):
        assert 6 not in hit_ids(search(SearchQuery(text="chair ")))
        assert "chais" not in query_terms("chair ").groups[0].terms
    with translation.override("en"):
        assert hit_ids(search(SearchQuery(text="chair "))) == [6]


def test_suggestions_use_no_synonyms(index_documents):
    index_documents(document(1, "Céramiques Lune"), document(2, "Poterie du Lac"))
    assert suggest("poterie") == [2]
    assert hit_ids(search(SearchQuery(text="poterie "))) != [2]  # searches do use them


def test_without_a_word_shown_a_typo_fix_is_not_reported_as_a_stem(crafts):
    with connection.cursor() as cursor:  # rows from before the column, until a rebuild
        cursor.execute("UPDATE search_term SET word = NULL")
    vocabulary_forget()
    result = search(SearchQuery(text="tablle "))
    assert result.corrected_terms == {}  # rather than "tabl"
    assert hit_ids(result) == [4]


def test_the_vocabulary_is_read_in_one_query(crafts):
    vocabulary_forget()
    with CaptureQueriesContext(connection) as queries:
        found = vocabulary(backend_for())
    # Besides the version check (a count), the rows: terms, counts and words at once.
    reads = [q["sql"] for q in queries.captured_queries if "FROM search_term" in q["sql"]]
    assert len([sql for sql in reads if "count(*)" not in sql]) == 1
    assert found.surface("tabl") == "table" and found.counts["tabl"] == 1


def test_term_rows_are_written_in_term_order():
    doc = PreparedDocument("t", 1, ("zinc ardois bois", "", "", "", ""), "", "", None, None,
                           None, None, 0.0, 0.0, {"zinc": "zinc"})  # fmt: skip
    assert [row[0] for row in TermCounts().add([doc]).rows()] == ["ardois", "bois", "zinc"]
