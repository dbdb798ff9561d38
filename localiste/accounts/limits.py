"""django-allauth's rate limits (ACCOUNT_RATE_LIMITS), counted atomically across processes.

allauth keeps its counters in Django's cache under a lock taken with `cache.add`; on the file
cache (the default without REDIS_URL) `add` is a read followed by a write, so parallel
requests to several workers can all take the lock and all pass. The limits that stop guessing
passwords are counted here instead, with the same rates, by metrics.limits (one atomic upsert,
or Redis): the failed logins of /compte/login/ and of the admin's login page alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.core.internal.ratelimit import get_ip, get_rates
from allauth.core.ratelimit import respond_429
from django.http import HttpRequest, HttpResponse

from localiste.metrics.limits import (
    rate_limit_clear,
    rate_limit_consume,
    rate_limit_refund,
)

APP = "allauth.account"


@dataclass(frozen=True)
class Counted:
    """One hit counted against one of an action's rates, to give back if need be."""

    scope: str
    key: str


@dataclass(frozen=True)
class AllauthLimit:
    """What counting one hit of an action found."""

    allowed: bool
    counted: tuple[Counted, ...]  # the hits counted within their rates
    retry_after: int = 0  # seconds until the rate that refused reopens


def _sources(request: HttpRequest, *, action: str, key: str | None, user):
    """(scope, key) of each rate of `action`, as allauth builds its own cache keys."""
    for rate in get_rates(app=APP, action=action):
        if rate.per == "ip":
            source = f"ip:{get_ip(request)}"
        elif rate.per == "user":
            source = f"user:{(user or request.user).pk}"
        else:
            source = f"key:{key}"
        yield rate, f"allauth:{action}:{rate.amount}/{rate.duration:g}", source


def allauth_limit_consume(
    request: HttpRequest, *, action: str, key: str | None = None, user=None
) -> AllauthLimit:
    """Count one hit of `action` against each of its rates, until one of them is used up.

    As in allauth, the rates are tried in turn and the first one used up stops the count.
    """
    counted = []
    for rate, scope, source in _sources(request, action=action, key=key, user=user):
        hit = rate_limit_consume(
            scope=scope, key=source, limit=rate.amount, window_seconds=int(rate.duration)
        )
        if not hit.allowed:
            return AllauthLimit(False, tuple(counted), retry_after=hit.retry_after)
        counted.append(Counted(scope=scope, key=source))
    return AllauthLimit(True, tuple(counted))


def allauth_limit_refund(limit: AllauthLimit | None) -> None:
    """Give back the hits `allauth_limit_consume` counted (a login that turned out right)."""
    for one in limit.counted if limit else ():
        rate_limit_refund(scope=one.scope, key=one.key)


def allauth_limit_clear(
    request: HttpRequest, *, action: str, key: str | None = None, user=None
) -> None:
    """Forget every hit of `action` by this client and `key` (after a password reset)."""
    for _rate, scope, source in _sources(request, action=action, key=key, user=user):
        rate_limit_clear(scope=scope, key=source)


def consume_or_429(
    request: HttpRequest, *, action: str, key: str | None = None, user=None
) -> HttpResponse | None:
    """allauth.core.ratelimit.consume_or_429, counted atomically: the 429 page, or None."""
    if not allauth_limit_consume(request, action=action, key=key, user=user).allowed:
        return respond_429(request)
    return None


def login_key(credentials: dict) -> str:
    """What failed logins are counted by: the address or user name typed, whatever its case."""
    return str(credentials.get("email") or credentials.get("username") or "").strip().lower()
