"""Writes to the index: documents from their owners, removals, full rebuilds, checks."""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import get_context

from django.db import transaction
from django.db.models import F

from localiste.search.backends import backend_for
from localiste.search.backends.sql import stage_batch
from localiste.search.documents import SearchDocument
from localiste.search.models import Synonym, Trade, VocabularyRevision
from localiste.search.prepare import prepare
from localiste.search.registry import sources
from localiste.search.vocabulary import expansions_forget, vocabulary_forget

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


# --- the operators' vocabulary (docs/vocabulary.md) -----------------------------------------


@transaction.atomic
def synonym_save(*, synonym: Synonym) -> Synonym:
    """Save `synonym` (new or changed), or ValidationError; searches use it within a second."""
    synonym.full_clean()
    synonym.save()
    _vocabulary_edited()
    return synonym


@transaction.atomic
def synonym_delete(*, synonym: Synonym) -> None:
    """Delete `synonym`: its word goes back to the shipped file's line, if there is one."""
    synonym.delete()
    _vocabulary_edited()


@transaction.atomic
def trade_save(*, trade: Trade) -> Trade:
    """Save `trade` (new or changed), or ValidationError; searches use it within a second."""
    trade.full_clean()
    trade.save()
    _vocabulary_edited()
    return trade


@transaction.atomic
def trade_delete(*, trade: Trade) -> None:
    """Delete `trade`."""
    trade.delete()
    _vocabulary_edited()


def _vocabulary_edited() -> None:
    """Move the revision counter that every process checks, and reload this one's rows."""
    revision = VocabularyRevision.objects.filter(pk=1)
    if not revision.update(number=F("number") + 1):
        VocabularyRevision.objects.get_or_create(pk=1)
        revision.update(number=F("number") + 1)
    expansions_forget()
    transaction.on_commit(expansions_forget)
