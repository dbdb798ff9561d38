"""From the words a visitor typed to the terms the engine looks for: synonyms, typos, prefix."""

import bisect
import heapq
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from django.utils import translation

from localiste.core.text import (
    index_language,
    language_base,
    search_languages,
    search_term,
    search_terms,
    search_words,
)
from localiste.search.edits import deletion_forms, edit_distance, is_swap

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
PREFIX_MIN_CHARS = 2
PREFIX_EXPANSIONS = 12  # a prefix becomes the most frequent indexed terms it starts
TYPO_MIN_CHARS = (6, 8)  # words of ≥ 6 letters tolerate one edit, ≥ 8 letters two
# Words of 4–5 letters tolerate only two neighbouring letters swapped (never the first
# letter), when a single indexed term fits: one letter changed would turn real words into
# others ("soie" → "scie", "jute" → "jupe", "cuit" → "cuir"), while a swap of neighbours
# rarely makes a word ("cuir" → "curi").
SHORT_TYPO_CHARS = (4, 5)
STEM_TYPO_MIN_CHARS = 5  # a typo keeping the stemmer from cutting: "ceramiqe" → "ceram"
_RAW_WORD = re.compile(r"[^\W_]+")
# {index language: {word as written: its term, or None}}: per language, as the terms are.
_surface_cache: dict[str, dict[str, str | None]] = {}
SYNONYMS_DIR = Path(__file__).parent / "synonyms"


@dataclass(frozen=True)
class TermGroup:
    """One word of the query: any of `terms` (exact), of `completions` (indexed terms the
    last word, being typed, may become) or a term starting with `prefixes`.

    A document holding only a completion or a prefix ranks below one holding the word:
    "vélo" finds "velours" too, after the bikes.
    """

    terms: tuple[str, ...]
    prefixes: tuple[str, ...] = ()
    completions: tuple[str, ...] = ()

    @property
    def widened(self) -> bool:
        return bool(self.prefixes or self.completions)


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


@cache
def file_words(language: str) -> dict[str, str]:
    """{term: the word as the shipped file writes it} of the words of synonyms/<language>.txt."""
    found = {}
    for word, _alternatives in _file_lines(language):
        word = word.strip()
        keys = search_terms(word, language)
        if len(keys) == 1:
            found.setdefault(keys[0], word.lower())
    return found


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


def query_language(expansions) -> str:
    """The language of a query: the active language (the page's), if searches understand
    it (its synonyms are in `expansions`), else the index language."""
    language = language_base(translation.get_language() or "")
    return language if language in expansions else index_language()


def query_terms(
    text: str, *, vocabulary=None, prefix_last: bool = True, with_synonyms: bool = True
) -> QueryTerms:
    """The term groups of a query (all must match), with synonyms, typo fixes and a prefix.

    Synonyms and trades come from `vocabulary.expansions` (the shipped files merged with the
    operators' rows, see vocabulary.py), or from the shipped files alone; only those of the
    query's language (`query_language`) apply: French "chair" (flesh) is no English chair.
    `with_synonyms=False` (suggestions: names starting as typed) leaves them out.
    `vocabulary` (a `Vocabulary`) enables typo tolerance: a word of ≥ 6 letters whose term
    no document holds is replaced by the most frequent indexed term one edit away (two for
    ≥ 8 letters); a word of 4–5 letters only by the one term with two neighbouring letters
    swapped. The last word also matches as a prefix unless the text ends with a space.
    """
    text = (text or "")[:MAX_QUERY_CHARS]
    words = search_words(text)[:MAX_WORDS]
    expansions = getattr(vocabulary, "expansions", None) or file_expansions()
    if not with_synonyms:
        expansions = {}
    language = query_language(expansions) if expansions else index_language()
    table = expansions.get(language, {})
    result = QueryTerms()
    typed = _typed_words(text)
    ends_word = bool(text) and text[-1].isalnum()
    for index, word in enumerate(words):
        term = search_term(word)
        terms = {term, *_synonyms_of(word, term, table, language)}
        if (
            vocabulary is not None
            and len(word) >= TYPO_MIN_CHARS[0]
            and not any(vocabulary.has(known) for known in terms)
        ):
            fixed = vocabulary.closest(term, 2 if len(word) >= TYPO_MIN_CHARS[1] else 1)
            # A typo can also keep the stemmer from cutting a suffix: "ceramiqe" → "ceram".
            stem = vocabulary.longest_prefix(term, min_chars=STEM_TYPO_MIN_CHARS)
            found = [candidate for candidate in (fixed, stem) if candidate]
            if stem and fixed and edit_distance(term, fixed, 2) > 1:
                found.reverse()  # shown: the word the typo starts rather than two edits away
        elif (
            vocabulary is not None
            and SHORT_TYPO_CHARS[0] <= len(word) <= SHORT_TYPO_CHARS[1]
            and not vocabulary.completions((word, term), 1)  # not a word being typed
            and not any(vocabulary.has(known) for known in terms)
        ):
            found = [c for c in (vocabulary.closest_short(term, word),) if c]
        else:
            found = []
        if found:
            terms = {
                t
                for candidate in found
                for t in (candidate, *_synonyms_of(candidate, candidate, table, language))
            }
            shown = vocabulary.surface(found[0])
            if shown is not None:  # never a stem: no notice rather than "meubl"
                result.corrected[typed.get(word, word)] = shown
        prefixes, completions = (), set()
        last = index == len(words) - 1
        if prefix_last and last and ends_word and len(word) >= PREFIX_MIN_CHARS:
            # While typing, the stem of a partial word may be shorter: "ebeni" → "eben".
            prefixes = tuple(sorted({word, term}))
            if vocabulary is not None:
                # Known completions are exact terms (a prefix scan of a large index costs
                # tens of ms); the index prefix is kept only for words no field list holds.
                completions = set(vocabulary.completions(prefixes, PREFIX_EXPANSIONS))
                if completions:
                    prefixes = ()
            # A plural the stemmer left whole is the same word ("velos" for "velo").
            terms |= {c for c in completions for t in terms if c in (t + "s", t + "x")}
            completions -= terms
        result.groups.append(TermGroup(tuple(sorted(terms)), prefixes, tuple(sorted(completions))))
    return result


def _typed_words(text: str) -> dict[str, str]:
    """{folded word: the word as typed (lower case, accents kept)} of `text`."""
    typed = {}
    for raw in _RAW_WORD.findall(text.lower()):
        folded = search_words(raw)
        if len(folded) == 1:
            typed.setdefault(folded[0], raw)
    return typed


def surface_words(text: str) -> dict[str, str]:
    """{term: the first word of `text` giving it, as written (lower case)}: what a visitor
    is shown of a term ("céramique" rather than "ceram")."""
    found = {}
    language = index_language()
    cache = _surface_cache.setdefault(language, {})
    for raw in _RAW_WORD.findall(text.lower()):
        term = cache.get(raw, "")
        if term == "":
            terms = search_terms(raw, language)
            term = terms[0] if len(terms) == 1 else None
            if len(cache) < 200_000:
                cache[raw] = term
        if term is not None and term not in found:
            found[term] = raw
    return found


def surface_choice(words: Counter) -> str:
    """The most frequent of `words`, the first in alphabetical order among equals."""
    return min(words.items(), key=lambda item: (-item[1], item[0]))[0]


def group_patterns(groups) -> list["WordPattern"]:
    """One regex per query word: any of its terms as a whole word, or a word it starts
    (compiled once per query: the same groups give the same patterns)."""
    return list(_group_patterns(tuple(groups)))


@dataclass(frozen=True)
class WordPattern:
    """One query word's regex: `found` finds it (a term, a completion or a word it starts);
    `exact` finds its terms only, when completions or prefixes widen it (else None)."""

    found: re.Pattern
    exact: re.Pattern | None = None

    def search(self, text: str):
        return self.found.search(text)


def _words_regex(terms, prefixes=()) -> re.Pattern:
    options = [re.escape(term) + r"(?!\S)" for term in terms]
    options += [re.escape(prefix) for prefix in prefixes]
    return re.compile(r"(?<!\S)(?:" + "|".join(options) + ")")


@lru_cache(maxsize=256)
def _group_patterns(groups: tuple) -> tuple[WordPattern, ...]:
    return tuple(
        WordPattern(
            _words_regex((*group.terms, *group.completions), group.prefixes),
            _words_regex(group.terms) if group.widened else None,
        )
        for group in groups
    )


def best_match(texts, groups, *, patterns=None) -> int | None:
    """The index of the text of `texts` (as written, e.g. products) holding the most words
    of the query whose term `groups` they are, and more than half of them; None if none.

    The texts are normalised like the indexed ones, so they meet the query's terms the way
    documents do (synonyms, typo fixes, the last word as a prefix). `patterns`: those of
    `group_patterns(groups)`, when the caller matches many texts against the same query.
    """
    patterns = group_patterns(groups) if patterns is None else patterns
    if not patterns:
        return None
    best, best_count = None, len(patterns) // 2
    for index, text in enumerate(texts):
        normalised = " ".join(search_terms(text or ""))
        count = sum(1 for pattern in patterns if pattern.search(normalised))
        if count > best_count:
            best, best_count = index, count
    return best


def _synonyms_of(word: str, term: str, table: dict, language: str) -> set[str]:
    """The alternatives of `word` (whose index term is `term`) in the synonym `table` of
    `language`, whose keys are that language's terms."""
    if not table:
        return set()
    key = term if language == index_language() else search_term(word, language)
    return set(table.get(key, ()))


class Vocabulary:
    """The indexed terms with their document counts, and a deletion index to find typos.

    Symmetric deletions (SymSpell): two words within one edit share a form with at most
    one letter deleted from each, so a lookup is a handful of dict probes, not a scan.
    """

    def __init__(self, counts: dict[str, int], exists=None, words=None) -> None:
        self.counts = counts
        self.exists = exists
        self.words: dict[str, str] = dict(words or {})  # term → the word shown for it
        self.expansions: dict | None = None  # set by expansions_set()
        self.expansion_words: dict[str, str] = {}
        self.loaded_at = time.monotonic()
        self.sorted_terms = sorted(counts)
        self.deletions: dict[str, list[str]] = {}
        self.key_deletions: dict[str, list[str]] = {}
        for term in counts:
            self._index(self.deletions, term)

    @staticmethod
    def _index(deletions: dict, term: str) -> None:
        if len(term) >= SHORT_TYPO_CHARS[0] - 1 and not term.isdigit():
            for form in deletion_forms(term, 2 if len(term) >= TYPO_MIN_CHARS[1] - 1 else 1):
                deletions.setdefault(form, []).append(term)

    def expansions_set(self, expansions, words=None) -> None:
        """Use these synonyms and trades; their words become typo candidates too, so that
        "meubel" finds the "meuble" of a synonym line that no document holds."""
        if expansions is self.expansions or expansions == self.expansions:
            return
        deletions: dict[str, list[str]] = {}
        index = index_language()
        keys = {key for key in (expansions or {}).get(index, {}) if key not in self.counts}
        for key in keys:
            self._index(deletions, key)
        self.key_deletions = deletions  # each replaced whole: threads need no lock
        self.expansion_words = dict(words or {})
        self.expansions = expansions

    def surface(self, term: str) -> str | None:
        """The word shown for `term`: its indexed form (the most frequent as of the last
        rebuild, else the first written), else as written in the synonyms; None when
        neither is known (rows indexed before the `word` column, until `search_rebuild`):
        a stem ("meubl") is never shown."""
        return self.words.get(term) or self.expansion_words.get(term)

    def _candidates(self, term: str, max_edits: int) -> set[str]:
        candidates = set()
        for form in deletion_forms(term, max_edits):
            candidates.update(self.deletions.get(form, ()))
            candidates.update(self.key_deletions.get(form, ()))
        return candidates

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
        """The most frequent indexed term (or synonym word) within `max_edits` edits of
        `term`, or None."""
        best = None
        for candidate in self._candidates(term, max_edits):
            edits = edit_distance(term, candidate, max_edits)
            if edits <= max_edits:
                key = (edits, -self.counts.get(candidate, 0), candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None

    def closest_short(self, term: str, word: str | None = None) -> str | None:
        """For a short word (folded `word`, whose term is `term`): the one indexed term (or
        synonym word) with the same first letter and two neighbouring letters swapped, in
        the term ("ciur" → "cuir") or in the word shown for it ("tabel" → "table"); None if
        there are none or several. A letter changed is never guessed: too many short words
        are one letter apart ("soie", "scie")."""
        found = [
            candidate
            for candidate in self._candidates(term, 1)
            if candidate[0] == term[0]
            and (is_swap(term, candidate) or (word and is_swap(word, self._folded(candidate))))
        ]
        return found[0] if len(found) == 1 else None

    def _folded(self, term: str) -> str:
        """The word shown for `term`, folded like typed words ("" when none is known)."""
        shown = search_words(self.surface(term) or "")
        return shown[0] if len(shown) == 1 else ""
