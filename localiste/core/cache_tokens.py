"""A random token kept in a cache, read by every process and replaced to say "all that was
cached under the old one is out of date" (the page cache's generation, the widget's framing
policy version)."""

import uuid


def token_get(cache, key: str) -> str:
    """The token at `key`, a new one when the cache has none (lost, evicted or never set)."""
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, None):  # another process set one first: theirs holds
            token = cache.get(key) or token
    return token


def token_renew(cache, key: str) -> None:
    cache.set(key, uuid.uuid4().hex, None)
