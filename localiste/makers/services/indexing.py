"""Keeping the search index in step with makers: every service that changes one calls this.

A service made of other services (an approval publishes and applies changes, an operator's
edit sets categories and a status) runs under `search_index_once`, so that each maker it
touches is indexed once, at its end, instead of once per step.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from localiste.makers.selectors.documents import SOURCE, maker_documents
from localiste.search.services import search_documents_index, search_documents_remove

_deferred: ContextVar[set[int] | None] = ContextVar("search_index_deferred", default=None)


def search_index_maker(*, maker_id: int) -> bool | None:
    """Index the maker if published, remove it from the index otherwise; True if indexed.

    Inside a transaction the index write joins it, so a rolled-back edit leaves no trace.
    Under `search_index_once` the maker is only noted (None), and indexed at the block's end.
    """
    pending = _deferred.get()
    if pending is not None:
        pending.add(maker_id)
        return None
    documents = maker_documents([maker_id])
    if documents:
        search_documents_index(source=SOURCE, documents=documents)
        return True
    search_documents_remove(source=SOURCE, object_ids=[maker_id])
    return False


@contextmanager
def search_index_once() -> Iterator[None]:
    """Index each maker touched inside the block once, when the block ends without error.

    Nested blocks join the outermost one. Use it (as a decorator too) inside the service's
    transaction, so that the index still commits or rolls back with the change.
    """
    if _deferred.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    for maker_id in sorted(pending):
        search_index_maker(maker_id=maker_id)


def search_index_makers(*, maker_ids) -> None:
    """`search_index_maker` for many makers (after an import or a bulk moderation)."""
    maker_ids = list(maker_ids)
    with transaction.atomic():
        for start in range(0, len(maker_ids), 1000):
            chunk = maker_ids[start : start + 1000]
            documents = maker_documents(chunk)
            search_documents_index(source=SOURCE, documents=documents)
            indexed = {document.id for document in documents}
            search_documents_remove(
                source=SOURCE, object_ids=[pk for pk in chunk if pk not in indexed]
            )
