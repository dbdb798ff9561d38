"""Defences of the contact form: rate limits, link counting and message fingerprints."""

import hashlib
import re
import time

from django.core.cache import cache

URL_PATTERN = re.compile(
    # Full addresses, and bare domains of spam's favourite endings (not email addresses).
    r"(?:https?://|www\.)\S+|(?<![@\w.-])[\w-]+\.(?:com|net|org|ru|xyz|top|info)\b",
    re.IGNORECASE,
)
MAX_LINKS = 2
PER_IP = (5, 60)  # messages, seconds
PER_MAKER = (20, 3600)


def rate_limit_exceeded(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one more hit for (`scope`, `key`) in the current window; True past `limit`.

    Fixed windows in Django's cache (shared by the app server's workers): cheap, and good
    enough to stop a flood.
    """
    window = int(time.time() // window_seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=window_seconds + 1):
        return limit < 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds + 1)
        count = 1
    return count > limit


def link_count(text: str) -> int:
    """How many web addresses `text` holds."""
    return len(URL_PATTERN.findall(text))


def message_fingerprint(*, email: str, maker_id: int, body: str) -> str:
    """The same message from the same address to the same maker gives the same hash."""
    normalised = " ".join(body.split()).casefold()
    payload = f"{email.strip().casefold()}\n{maker_id}\n{normalised}"
    return hashlib.sha256(payload.encode()).hexdigest()
