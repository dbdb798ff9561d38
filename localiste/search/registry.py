"""Sources of documents registered by higher apps, so that search can rebuild itself."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from localiste.search.documents import SearchDocument


@dataclass(frozen=True)
class Source:
    name: str
    count: Callable[[], int]  # how many documents the source holds (published objects)
    iter_documents: Callable[[], Iterator[list[SearchDocument]]]  # batches, any order
    ids: Callable[[], Iterable[int]] | None = None  # the object ids that should be indexed


_sources: dict[str, Source] = {}


def register_source(
    name: str,
    count_fn: Callable[[], int],
    iter_documents_fn: Callable[[], Iterator[list[SearchDocument]]],
    ids_fn: Callable[[], Iterable[int]] | None = None,
) -> None:
    """Register (or replace) the source `name`; `iter_documents_fn` yields lists of documents."""
    _sources[name] = Source(name, count_fn, iter_documents_fn, ids_fn)


def sources() -> dict[str, Source]:
    """The registered sources by name."""
    return dict(_sources)
