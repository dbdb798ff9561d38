"""Keeping the search index in step with makers: every service that changes one calls this."""

from django.db import transaction

from localiste.makers.models import Maker
from localiste.makers.search_documents import SOURCE, maker_documents
from localiste.search.services import search_documents_index, search_documents_remove


def search_index_maker(*, maker_id: int) -> bool:
    """Index the maker if published, remove it from the index otherwise; True if indexed.

    Inside a transaction the index write joins it, so a rolled-back edit leaves no trace.
    """
    documents = maker_documents([maker_id])
    if documents:
        search_documents_index(source=SOURCE, documents=documents)
        return True
    search_documents_remove(source=SOURCE, object_ids=[maker_id])
    return False


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


__all__ = ["Maker", "search_index_maker", "search_index_makers"]
