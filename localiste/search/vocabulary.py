"""Per-process caches of what queries are matched with: the indexed vocabulary of a database
(reloaded when it grew) and the operators' synonyms and trades (reloaded when edited).

Operators edit synonyms and trades in the admin (services.synonym_save…); each edit moves a
one-row revision counter. A search reads that counter at most once a second per process (a
primary-key lookup), and reloads the rows when it moved, so an edit reaches every app server
process within a second, with no restart (docs/vocabulary.md).
"""

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import connections

from localiste.core.text import index_language, language_base, search_languages, search_terms
from localiste.search.analysis import (
    TermGroup,
    Vocabulary,
    file_expansions,
    file_words,
    synonyms,
)
from localiste.search.backends import Expr
from localiste.search.models import Synonym, Trade, VocabularyRevision

RECHECK_SECONDS = 60.0
EXPANSIONS_RECHECK_SECONDS = 1.0
_cache: dict[str, tuple[tuple[int, int], float, Vocabulary]] = {}
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Expansions:
    """The synonyms and trades of a process, with what they were loaded for and when."""

    key: tuple[str, ...]  # (database alias, index language, search languages…)
    revision: int
    checked_at: float
    tables: Mapping[str, Mapping[str, tuple[str, ...]]]  # {language: {term: alternatives}}
    words: Mapping[str, str]  # {term: the word as written} of the index language's lines


# Replaced whole, never changed in place, so that threads need no lock.
_expansions: _Expansions | None = None
# The databases whose vocabulary tables are known to exist (a set: adding is thread-safe).
_tables_ready: set[str] = set()


def _exists(backend):
    def exists(term: str) -> bool:
        return backend.count(Expr(groups=(TermGroup((term,)),)), 1) > 0

    return exists


def vocabulary(backend) -> Vocabulary:
    """The Vocabulary of `backend`'s index; every minute, reloaded if it changed since."""
    # Keyed by the index language too: its terms are stems in that language.
    key = f"{backend.vendor}:{backend.using}:{index_language()}"
    cached = _cache.get(key)
    now = time.monotonic()
    if cached and now - cached[1] < RECHECK_SECONDS:
        found = cached[2]
    else:
        version = (backend.generation(), backend.term_count())
        if cached and cached[0] == version:
            found = cached[2]
        else:
            counts, words = backend.vocabulary_rows()  # one read of the term table
            found = Vocabulary(counts, words=words)
        _cache[key] = (version, now, found)
    found.exists = _exists(backend)
    tables = expansions(backend.using)
    found.expansions_set(tables, expansion_words(tables))
    return found


def expansion_words(tables) -> Mapping[str, str]:
    """{term: word as written} of the synonyms and trades `tables` (from `expansions`)."""
    cached = _expansions
    if cached is not None and cached.tables is tables:
        return cached.words
    return file_words(index_language())


def vocabulary_forget() -> None:
    """Drop the cached vocabularies (after a rebuild, or between tests)."""
    global _expansions
    _cache.clear()
    _tables_ready.clear()
    _expansions = None


def expansions_forget() -> None:
    """Reload the synonyms and trades at the next search of this process."""
    global _expansions
    _expansions = None


def vocabulary_revision(using: str = "default") -> int:
    """How many times operators edited synonyms and trades (0 before the first edit)."""
    revision = VocabularyRevision.objects.using(using).filter(pk=1)
    return revision.values_list("number", flat=True).first() or 0


def expansions(using: str = "default") -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    """{language: {term: alternative terms}}: the shipped synonym files, where operators'
    synonyms replace the line of their word, plus the terms of the category of each trade.

    The rows are read from database `using` (the search backend's). Before `migrate` made
    their tables, the shipped files alone, until it has.
    """
    global _expansions
    now = time.monotonic()
    key = (using, index_language(), *search_languages())
    cached = _expansions  # read once: other threads swap it whole, never change it
    fits = cached is not None and cached.key == key
    if fits and now - cached.checked_at < EXPANSIONS_RECHECK_SECONDS:
        return cached.tables
    if not _tables_exist(using):
        logger.warning("Operators' synonyms and trades not migrated yet: the files alone apply")
        return file_expansions()  # not cached: the rows are read as soon as they exist
    revision = vocabulary_revision(using)
    if fits and cached.revision == revision:
        tables, words = cached.tables, cached.words
    else:
        tables, words = _load(key[2:], using)
    _expansions = _Expansions(key, revision, now, tables, words)
    return tables


def _tables_exist(using: str) -> bool:
    """Whether `migrate` made the operators' vocabulary tables in database `using`.

    Asked of the schema rather than by a query that could fail: a failed query would break
    the transaction the search runs in (PostgreSQL), and a savepoint per search would cost
    a transaction where none is needed. Once they exist, they are not asked about again.
    """
    if using in _tables_ready:
        return True
    wanted = {model._meta.db_table for model in (VocabularyRevision, Synonym, Trade)}
    if not wanted <= set(connections[using].introspection.table_names()):
        return False
    _tables_ready.add(using)
    return True


def _load(languages, using: str) -> tuple[dict, dict[str, str]]:
    """({language: {term: alternatives}}, {term: word} of the index language's words)."""
    index = index_language()
    tables = {
        language: {term: set(found) for term, found in synonyms(language).items()}
        for language in languages
    }
    words = dict(file_words(index))
    synonym_rows = Synonym.objects.using(using).values_list(
        "language", "term", "alternatives", "word"
    )
    trade_rows = Trade.objects.using(using).values_list("language", "term", "category_name", "word")
    for code, term, alternatives, word in synonym_rows:
        if (language := language_base(code)) in tables:
            found = {t for text in alternatives.split(",") for t in search_terms(text, index)}
            tables[language][term] = found - {term}
            if language == index:
                words[term] = word.strip().lower()
    for code, term, category_name, word in trade_rows:
        if (language := language_base(code)) in tables:
            found = tables[language].setdefault(term, set())
            found.update(t for t in search_terms(category_name, index) if t != term)
            if language == index:
                words.setdefault(term, word.strip().lower())
    tables = {
        language: {term: tuple(sorted(found)) for term, found in table.items() if found}
        for language, table in tables.items()
    }
    return tables, words
