"""Writes to the index: documents from their owners, removals, full rebuilds, checks."""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import get_context

from localiste.search.backends import backend_for
from localiste.search.backends.sql import stage_batch
from localiste.search.documents import SearchDocument
from localiste.search.prepare import prepare
from localiste.search.registry import sources
from localiste.search.vocabulary import vocabulary_forget

PARALLEL_ABOVE = 20_000
PARALLEL_PROCESSES = 2


def search_documents_index(
    *, source: str, documents: Iterable[SearchDocument], using: str = "default"
) -> int:
    """Index (or re-index) `documents` of `source`; returns how many."""
    prepared = [prepare(document, source) for document in documents]
    backend_for(using).upsert(prepared)
    return len(prepared)


def search_documents_remove(
    *, source: str, object_ids: Iterable[int], using: str = "default"
) -> None:
    """Remove the documents of these objects of `source` (unknown ones are ignored)."""
    backend_for(using).delete(source, [int(pk) for pk in object_ids])


def _prepare_batch(item: tuple[str, list[SearchDocument]]) -> tuple[list, Counter]:
    source, documents = item
    return stage_batch([prepare(document, source) for document in documents])


def search_rebuild(
    *, using: str = "default", progress: Callable[[int], None] | None = None
) -> dict:
    """Rebuild the whole index from every registered source; timings in seconds by step.

    Large rebuilds normalise text in PARALLEL_PROCESSES forked workers while this process
    reads the sources and writes (workers never touch the database).
    """

    def batches() -> Iterator[tuple[str, list[SearchDocument]]]:
        for source in sources().values():
            for batch in source.iter_documents():
                yield source.name, batch

    def prepared() -> Iterator[tuple[list, Counter]]:
        if search_expected_count() < PARALLEL_ABOVE:
            yield from map(_prepare_batch, batches())
            return
        with get_context("fork").Pool(PARALLEL_PROCESSES) as pool:
            yield from pool.imap(_prepare_batch, batches())

    timings = backend_for(using).rebuild(prepared(), progress=progress)
    vocabulary_forget()
    return timings


def search_expected_count() -> int:
    """How many documents the registered sources hold."""
    return sum(source.count() for source in sources().values())


def search_check(*, using: str = "default") -> dict[str, tuple[int, int]]:
    """{source: (documents indexed, documents expected)} for every registered source."""
    backend = backend_for(using)
    return {
        name: (backend.document_count(name), source.count()) for name, source in sources().items()
    }
