"""The indexed vocabulary of a database, loaded once per process and reloaded when it grew."""

import time

from localiste.search.analysis import TermGroup, Vocabulary
from localiste.search.backends import Expr

RECHECK_SECONDS = 60.0
_cache: dict[str, tuple[tuple[int, int], float, Vocabulary]] = {}


def _exists(backend):
    def exists(term: str) -> bool:
        return backend.count(Expr(groups=(TermGroup((term,)),)), 1) > 0

    return exists


def vocabulary(backend) -> Vocabulary:
    """The Vocabulary of `backend`'s index; every minute, reloaded if it changed since."""
    key = f"{backend.vendor}:{backend.using}"
    cached = _cache.get(key)
    now = time.monotonic()
    if cached and now - cached[1] < RECHECK_SECONDS:
        found = cached[2]
    else:
        version = (backend.generation(), backend.term_count())
        found = cached[2] if cached and cached[0] == version else Vocabulary(backend.term_counts())
        _cache[key] = (version, now, found)
    found.exists = _exists(backend)
    return found


def vocabulary_forget() -> None:
    """Drop the cached vocabularies (after a rebuild, or between tests)."""
    _cache.clear()
