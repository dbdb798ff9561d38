"""Defences of the contact form: rate limits, link counting and message fingerprints."""

import hashlib
import re

from localiste.metrics.limits import rate_limit_consume

URL_PATTERN = re.compile(
    # Full addresses, and bare domains of spam's favourite endings (not email addresses).
    r"(?:https?://|www\.)\S+|(?<![@\w.-])[\w-]+\.(?:com|net|org|ru|xyz|top|info)\b",
    re.IGNORECASE,
)
MAX_LINKS = 2
PER_IP = (5, 60)  # messages, seconds
PER_MAKER = (20, 3600)


def rate_limit_exceeded(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one more hit for (`scope`, `key`) in its window; True past `limit`.

    Counted by one atomic operation (metrics.limits: a database upsert, or Redis), so that
    parallel requests handled by several workers cannot slip past the limit together.
    """
    hit = rate_limit_consume(scope=scope, key=key, limit=limit, window_seconds=window_seconds)
    return not hit.allowed


def link_count(text: str) -> int:
    """How many web addresses `text` holds."""
    return len(URL_PATTERN.findall(text))


def message_fingerprint(*, email: str, maker_id: int, body: str) -> str:
    """The same message from the same address to the same maker gives the same hash."""
    normalised = " ".join(body.split()).casefold()
    payload = f"{email.strip().casefold()}\n{maker_id}\n{normalised}"
    return hashlib.sha256(payload.encode()).hexdigest()
