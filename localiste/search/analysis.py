"""From the words a visitor typed to the terms the engine looks for: synonyms, typos, prefix."""

import bisect
import heapq
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from localiste.core.text import (
    index_language,
    search_languages,
    search_term,
    search_terms,
    search_words,
)

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
PREFIX_MIN_CHARS = 2
PREFIX_EXPANSIONS = 12  # a prefix becomes the most frequent indexed terms it starts
TYPO_MIN_CHARS = (5, 8)  # words of ≥ 5 letters tolerate one edit, ≥ 8 letters two
SYNONYMS_DIR = Path(__file__).parent / "synonyms"


@dataclass(frozen=True)
class TermGroup:
    """One word of the query: any of `terms` (exact) or a term starting with `prefixes`."""

    terms: tuple[str, ...]
    prefixes: tuple[str, ...] = ()


@dataclass
class QueryTerms:
    groups: list[TermGroup] = field(default_factory=list)
    corrected: dict[str, str] = field(default_factory=dict)  # typed word → term used


def synonyms(language: str) -> dict[str, tuple[str, ...]]:
    """{term: alternative terms} of the shipped file synonyms/<language>.txt.

    Keys are normalised in `language` (the word a visitor types), alternatives in the index
    language (the terms documents hold), so that an English synonym meets the English
    names indexed with a French stemmer.
    """
    return _file_synonyms(language, index_language())


@cache
def _file_synonyms(language: str, index: str) -> dict[str, tuple[str, ...]]:
    return synonym_table(_file_lines(language), language, index)


def _file_lines(language: str) -> list[list[str]]:
    path = SYNONYMS_DIR / f"{language}.txt"
    if not path.exists():
        return []
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        if ":" in line:
            lines.append(line.split(":", 1))
    return lines


def shipped_alternatives(language: str, term: str) -> str:
    """The alternatives the shipped file gives the word whose term is `term`, as written."""
    return ", ".join(
        alternatives.strip()
        for word, alternatives in _file_lines(language)
        if search_terms(word, language) == [term]
    )


def synonym_table(lines, language: str, index: str) -> dict[str, tuple[str, ...]]:
    """{term: alternative terms} of (word, "alternative, …") pairs; phrases are skipped."""
    table: dict[str, set[str]] = {}
    for word, alternatives in lines:
        keys = search_terms(word, language)
        if len(keys) != 1:
            continue
        found = table.setdefault(keys[0], set())
        for alternative in alternatives.split(","):
            found.update(search_terms(alternative, index))
        found.discard(keys[0])
    return {key: tuple(sorted(values)) for key, values in table.items() if values}


def file_expansions() -> dict[str, dict[str, tuple[str, ...]]]:
    """{language: {term: alternative terms}} of the shipped files, for every search language."""
    return {language: synonyms(language) for language in search_languages()}


def query_terms(text: str, *, vocabulary=None, prefix_last: bool = True) -> QueryTerms:
    """The term groups of a query (all must match), with synonyms, typo fixes and a prefix.

    Synonyms and trades come from `vocabulary.expansions` (the shipped files merged with the
    operators' rows, see vocabulary.py), or from the shipped files alone.
    `vocabulary` (a `Vocabulary`) enables typo tolerance: a word of ≥ 5 letters whose term
    no document holds is replaced by the most frequent indexed term one edit away (two for
    ≥ 8 letters). The last word also matches as a prefix unless the text ends with a space.
    """
    text = (text or "")[:MAX_QUERY_CHARS]
    words = search_words(text)[:MAX_WORDS]
    expansions = getattr(vocabulary, "expansions", None) or file_expansions()
    result = QueryTerms()
    ends_word = bool(text) and text[-1].isalnum()
    for index, word in enumerate(words):
        term = search_term(word)
        terms = {term, *_synonyms_of(word, term, expansions)}
        if (
            vocabulary is not None
            and len(word) >= TYPO_MIN_CHARS[0]
            and not any(vocabulary.has(known) for known in terms)
        ):
            fixed = vocabulary.closest(term, 2 if len(word) >= TYPO_MIN_CHARS[1] else 1)
            # A typo can also keep the stemmer from cutting a suffix: "ceramiqe" → "ceram".
            stem = vocabulary.longest_prefix(term, min_chars=TYPO_MIN_CHARS[0])
            found = [candidate for candidate in (fixed, stem) if candidate]
            if found:
                terms = {
                    t
                    for candidate in found
                    for t in (candidate, *_synonyms_of(candidate, candidate, expansions))
                }
                result.corrected[word] = found[0]
        prefixes = ()
        last = index == len(words) - 1
        if prefix_last and last and ends_word and len(word) >= PREFIX_MIN_CHARS:
            # While typing, the stem of a partial word may be shorter: "ebeni" → "eben".
            prefixes = tuple(sorted({word, term}))
            if vocabulary is not None:
                # Known completions are exact terms (a prefix scan of a large index costs
                # tens of ms); the index prefix is kept only for words no field list holds.
                completions = vocabulary.completions(prefixes, PREFIX_EXPANSIONS)
                if completions:
                    terms |= set(completions)
                    prefixes = ()
        result.groups.append(TermGroup(tuple(sorted(terms)), prefixes))
    return result


def _synonyms_of(word: str, term: str, expansions: dict) -> set[str]:
    """The alternatives of `word` (whose index term is `term`) in every search language."""
    index = index_language()
    found = set()
    for language, table in expansions.items():
        found.update(table.get(term if language == index else search_term(word, language), ()))
    return found


class Vocabulary:
    """The indexed terms with their document counts, and a deletion index to find typos.

    Symmetric deletions (SymSpell): two words within one edit share a form with at most
    one letter deleted from each, so a lookup is a handful of dict probes, not a scan.
    """

    def __init__(self, counts: dict[str, int], exists=None) -> None:
        self.counts = counts
        self.exists = exists
        self.expansions: dict | None = None  # set by vocabulary.vocabulary()
        self.loaded_at = time.monotonic()
        self.sorted_terms = sorted(counts)
        self.deletions: dict[str, list[str]] = {}
        for term in counts:
            if len(term) >= TYPO_MIN_CHARS[0] - 1 and not term.isdigit():
                for form in _deletions(term, 2 if len(term) >= TYPO_MIN_CHARS[1] - 1 else 1):
                    self.deletions.setdefault(form, []).append(term)

    def has(self, term: str) -> bool:
        if term in self.counts:
            return True
        # Words of long texts (stories) are not in the vocabulary: ask the index itself.
        return self.exists is not None and self.exists(term)

    def completions(self, prefixes, limit: int) -> list[str]:
        """The `limit` most frequent indexed terms starting with any of `prefixes`."""
        found = set()
        for prefix in prefixes:
            index = bisect.bisect_left(self.sorted_terms, prefix)
            while index < len(self.sorted_terms) and self.sorted_terms[index].startswith(prefix):
                found.add(self.sorted_terms[index])
                index += 1
        return heapq.nlargest(limit, sorted(found), key=lambda term: self.counts[term])

    def longest_prefix(self, term: str, *, min_chars: int) -> str | None:
        """The longest indexed term that `term` starts with (≤ 3 letters shorter), or None."""
        for length in range(len(term) - 1, max(min_chars, len(term) - 3) - 1, -1):
            if term[:length] in self.counts:
                return term[:length]
        return None

    def closest(self, term: str, max_edits: int) -> str | None:
        """The most frequent indexed term within `max_edits` edits of `term`, or None."""
        candidates = set()
        for form in _deletions(term, max_edits):
            candidates.update(self.deletions.get(form, ()))
        best = None
        for candidate in candidates:
            edits = _edit_distance(term, candidate, max_edits)
            if edits <= max_edits:
                key = (edits, -self.counts[candidate], candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


def _deletions(word: str, depth: int) -> set[str]:
    forms, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        forms |= frontier
    return forms


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours is one edit), capped."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
