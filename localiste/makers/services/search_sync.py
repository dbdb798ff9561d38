"""Keeping the search index in step with every write of the maker space."""

import importlib

_MISSING = object()
_indexer = None


def search_reindex(*, maker_id: int) -> None:
    """Re-index (or drop, when not public) maker `maker_id` in the search engine.

    The engine's `services.indexing.search_index_maker` decides what a maker's document is;
    installs where it does not exist yet simply skip this step.
    """
    global _indexer
    if _indexer is None:
        try:
            module = importlib.import_module("localiste.makers.services.indexing")
        except ModuleNotFoundError:
            module = None
        _indexer = getattr(module, "search_index_maker", _MISSING)
    if _indexer is not _MISSING:
        _indexer(maker_id=maker_id)
