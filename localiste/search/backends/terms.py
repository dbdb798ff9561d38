"""The vocabulary's rows: document counts of terms, and the word shown for each term."""

from collections import Counter
from collections.abc import Sequence

from localiste.search.analysis import surface_choice
from localiste.search.prepare import VOCABULARY_FIELDS, PreparedDocument


class TermCounts(Counter):
    """Document counts of terms, with the counts of the words written for each term
    (`words`: {(term, word): documents}), to show a term as visitors write it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.words: Counter = Counter()

    def add(self, documents: Sequence[PreparedDocument]) -> "TermCounts":
        for doc in documents:
            self.update(set(" ".join(doc.texts[:VOCABULARY_FIELDS]).split()))
            self.words.update(doc.words.items())
        return self

    def merge(self, other: "TermCounts") -> None:
        self.update(other)
        self.words.update(getattr(other, "words", ()))

    def rows(self) -> list[tuple[str, int, str | None]]:
        """(term, count, most frequent word) of every term, in term order: concurrent upserts
        then lock the rows of search_term in the same order (no deadlock on PostgreSQL)."""
        by_term: dict[str, Counter] = {}
        for (term, word), count in self.words.items():
            by_term.setdefault(term, Counter())[word] = count
        return [
            (term[:100], count, surface_choice(by_term[term])[:100] if term in by_term else None)
            for term, count in sorted(self.items())
        ]

    def __reduce__(self):  # pickled between the rebuild's worker processes
        return (_term_counts, (dict(self), dict(self.words)))


def _term_counts(counts: dict, words: dict) -> TermCounts:
    found = TermCounts(counts)
    found.words.update(words)
    return found
