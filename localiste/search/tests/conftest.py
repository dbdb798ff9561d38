"""Documents indexed straight into the engine (search knows nothing of makers)."""

import datetime

import pytest

from localiste.search.documents import SearchDocument
from localiste.search.services import search_documents_index
from localiste.search.vocabulary import vocabulary_forget

BORDEAUX = (44.8378, -0.5792)


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    vocabulary_forget()
    yield
    vocabulary_forget()


@pytest.fixture
def index_documents(db):
    def index(*documents: SearchDocument, source: str = "test") -> None:
        search_documents_index(source=source, documents=documents)

    return index


def document(pk: int, name: str, **fields) -> SearchDocument:
    fields.setdefault("latitude", BORDEAUX[0])
    fields.setdefault("longitude", BORDEAUX[1])
    fields.setdefault("published_at", datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    return SearchDocument(id=pk, name=name, **fields)


@pytest.fixture
def corpus(index_documents):
    """The makers of tests/corpus.py, indexed one write after another (docids in id order)."""
    from localiste.search.tests.corpus import MAKERS

    index_documents(*MAKERS)
    return MAKERS


@pytest.fixture
def rebuilt_corpus(db, monkeypatch):
    """The same makers, indexed by a full rebuild (docids then follow the static rank)."""
    from localiste.search import registry
    from localiste.search.services import search_rebuild
    from localiste.search.tests.corpus import MAKERS

    source = registry.Source("test", lambda: len(MAKERS), lambda: iter([list(MAKERS)]))
    monkeypatch.setattr(registry, "_sources", {"test": source})
    search_rebuild()
    return MAKERS


def hit_ids(result) -> list[int]:
    """The ids of a SearchResult's hits, in the order the engine gives them."""
    return [hit.id for hit in result.hits]
