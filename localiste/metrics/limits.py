"""Rate limits against abuse that hold across worker processes and servers.

A limit counts the hits of one key (an address, a listing, an account) in a window that opens
at the key's first hit and lasts `window_seconds`; the first hit after the window has closed
opens the next one. Each hit is counted by ONE atomic operation that also returns the new
count, so that parallel requests from several workers can never both see room for one more:

- in the database, an upsert (`INSERT … ON CONFLICT DO UPDATE … RETURNING`, SQLite ≥ 3.35 and
  PostgreSQL alike);
- in Redis when `REDIS_URL` is set, INCR and EXPIRE in one server-side script.

Django's cache API is not used on purpose: on the file cache (the default without Redis),
`add` and `incr` are a read followed by a write, which parallel requests overtake.
"""

from __future__ import annotations

import datetime
import functools
import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_datetime

from localiste.metrics.models import RateLimitWindow

# INCR, and EXPIRE when the hit opened the window: atomic on the Redis server.
REDIS_CONSUME = """
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""
REDIS_REFUND = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return count
"""


@dataclass(frozen=True)
class RateLimitHit:
    """What counting one hit found: whether it is within the limit, and when the window ends."""

    allowed: bool
    count: int  # hits in the window, this one included
    retry_after: int  # seconds until the window closes (at least 1)


def address_key(address: str) -> str:
    """The key one visitor's limits count by: an IPv4 address as it is, an IPv6 one by its
    /64 network (each home or phone gets a whole /64, and may change address inside it)."""
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return address or ""
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is 192.0.2.1
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _hashed(scope: str, key: str) -> str:
    # Keyed, so that the stored value cannot be reversed by hashing every IPv4 address.
    digest = salted_hmac("localiste.metrics.limits", f"{scope}\n{key}", algorithm="sha256")
    return digest.hexdigest()


@functools.cache
def _redis_client(url: str):
    import redis  # imported only where REDIS_URL is set

    return redis.Redis.from_url(url)


def _redis():
    url = getattr(settings, "REDIS_URL", "")
    return _redis_client(url) if url else None


def _redis_key(scope: str, digest: str) -> str:
    return f"localiste:ratelimit:{scope}:{digest}"


def _as_datetime(value) -> datetime.datetime:
    """A timestamp as RETURNING gives it back (SQLite: text in UTC; PostgreSQL: a datetime)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def rate_limit_consume(*, scope: str, key: str, limit: int, window_seconds: int) -> RateLimitHit:
    """Count one hit of `key` against `scope`'s limit of `limit` hits per `window_seconds`.

    The hit is counted whether or not it is allowed (hits past the limit do not lengthen the
    window). Inside a transaction the count commits or rolls back with it (database only).
    """
    digest = _hashed(scope, key)
    client = _redis()
    if client is not None:
        count, ttl = client.eval(REDIS_CONSUME, 1, _redis_key(scope, digest), int(window_seconds))
        return RateLimitHit(allowed=count <= limit, count=int(count), retry_after=max(1, ttl))

    now = timezone.now()
    connection = connections[router.db_for_write(RateLimitWindow)]
    quote = connection.ops.quote_name
    table = quote(RateLimitWindow._meta.db_table)
    scope_c, key_c, count_c, expires_c = (
        quote(name) for name in ("scope", "key", "count", "expires_at")
    )
    closed = f"{table}.{expires_c} <= %s"
    sql = (
        f"INSERT INTO {table} ({scope_c}, {key_c}, {count_c}, {expires_c}) VALUES (%s, %s, 1, %s) "
        f"ON CONFLICT ({scope_c}, {key_c}) DO UPDATE SET "
        f"{count_c} = CASE WHEN {closed} THEN 1 ELSE {table}.{count_c} + 1 END, "
        f"{expires_c} = CASE WHEN {closed} THEN excluded.{expires_c} ELSE {table}.{expires_c} END "
        f"RETURNING {count_c}, {expires_c}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    expires_at = now + datetime.timedelta(seconds=window_seconds)
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope, digest, adapt(expires_at), adapt(now), adapt(now)])
        # Read every row: SQLite ends the statement, and its write lock, only then.
        (count, window_end), *_ = cursor.fetchall()
    retry_after = math.ceil((_as_datetime(window_end) - now).total_seconds())
    return RateLimitHit(allowed=count <= limit, count=count, retry_after=max(1, retry_after))


def rate_limit_refund(*, scope: str, key: str) -> None:
    """Give back one hit of `key` in its open window (a login that turned out right)."""
    digest = _hashed(scope, key)
    client = _redis()
    if client is not None:
        client.eval(REDIS_REFUND, 1, _redis_key(scope, digest))
        return
    RateLimitWindow.objects.filter(
        scope=scope, key=digest, count__gt=0, expires_at__gt=timezone.now()
    ).update(count=F("count") - 1)


def rate_limit_clear(*, scope: str, key: str) -> None:
    """Forget every hit of `key` against `scope` (after a password reset, say)."""
    digest = _hashed(scope, key)
    client = _redis()
    if client is not None:
        client.delete(_redis_key(scope, digest))
        return
    RateLimitWindow.objects.filter(scope=scope, key=digest).delete()


def rate_limit_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the windows that have closed; how many went. Meant for the scheduler.

    Redis forgets its keys by itself (EXPIRE); the database needs this.
    """
    deleted, _ = RateLimitWindow.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
