"""Rendered pages kept for anonymous visitors: the maker, product, category and home pages.

A page is stored under its language, its full path, the settings it was rendered with and
the *generation* of the public data, a token the cache holds. Every committed write to a
table whose rows show on public pages (makers, products, photos, hours, places to buy,
categories, labels, territories, site pages, the search index) draws a new generation,
whatever wrote it: a service, the admin, an import, a queryset update or raw SQL. The
database connections watch the statements they run, so no write path can forget to; a
transaction draws one when it commits, however many rows it wrote. Pages of an old
generation are left to expire.

Per visitor: the CSRF tokens of a page's forms are stored as a marker and replaced by the
visitor's own token when the page is served (its cookie set as Django sets it). Visitors
with a session, messages, favourites or any other cookie, and so signed-in users, get the
page rendered for them. A page also expires at the next midnight of the site's time zone
and when its view says (`response.page_cache_seconds`: a workshop opening or closing).

Browsers get an ETag and `Cache-Control: private, no-cache`: they revalidate each time
(a 304 when nothing changed) and no shared proxy keeps a page holding a visitor's token.
"""

import hashlib
import json
import logging
import math
import re
from datetime import datetime, timedelta
from functools import wraps
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from localiste.core.cache_tokens import token_get, token_renew

GENERATION_KEY = "generation"
CSRF_MARK = "\x00page-cache-csrf\x00"
_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# The tables whose rows public pages show, by prefix, and those of them they never show.
WATCHED_PREFIXES = ("makers_", "catalog_", "places_", "content_", "search_")
UNWATCHED_TABLES = frozenset(
    {
        "makers_claim",
        "makers_duplicatecandidate",
        "makers_invitation",
        "makers_makerrevision",
        "makers_report",
        "makers_sourceproposal",
    }
)
_WRITE = re.compile(
    r"\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO)"
    r"\s+[\"`]?(\w+)",
    re.IGNORECASE,
)
_fingerprint: str | None = None
logger = logging.getLogger(__name__)


def pages_cache():
    return caches["pages"]


def generation() -> str:
    """The current generation of the public data (a new one when the cache lost it)."""
    return token_get(pages_cache(), GENERATION_KEY)


def generation_bump() -> None:
    """Every page stored so far is out of date.

    A cache that cannot be reached (Redis down) never fails the write that called it; it
    serves nothing meanwhile, and when it is back its pages last PAGE_CACHE_SECONDS at most.
    """
    try:
        token_renew(pages_cache(), GENERATION_KEY)
    except Exception:  # any backend's failure: the data written matters more than the cache
        logger.exception("page cache: no new generation drawn (pages may be stale)")


def shows_on_pages(table: str) -> bool:
    table = table.lower()
    return table.startswith(WATCHED_PREFIXES) and table not in UNWATCHED_TABLES


def written_table(sql: str) -> str | None:
    """The table an INSERT, UPDATE, DELETE or REPLACE statement writes, else None."""
    match = _WRITE.match(sql)
    return match.group(1) if match else None


def watch_writes(execute, sql, params, many, context):
    """A connection's execute wrapper: a write to a table pages show draws a generation,
    once its transaction commits (at once outside one).

    Drawn at commit, never before: a page rendered meanwhile from the old rows is stored
    under the old generation, which nobody reads after the commit. One draw a transaction,
    however many rows it writes. Under a test's transaction, which never commits, each
    write draws one at once.
    """
    result = execute(sql, params, many, context)
    table = written_table(sql) if isinstance(sql, str) else None
    if table is not None and shows_on_pages(table):
        connection = context["connection"]
        blocks = connection.atomic_blocks
        if not blocks or blocks[0]._from_testcase:
            generation_bump()
        elif not any(func is generation_bump for _sids, func, _robust in connection.run_on_commit):
            transaction.on_commit(generation_bump, using=connection.alias)
    return result


def connection_watch(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: the new connection watches its writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def settings_fingerprint() -> str:
    """A hash of the settings and of the collected static files' manifest: pages rendered
    before a deployment changed them are not served after it."""
    global _fingerprint
    if _fingerprint is None:
        values = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        values["manifest"] = manifest.stat().st_mtime if manifest.exists() else None
        text = json.dumps(_stable(values))
        _fingerprint = hashlib.sha256(text.encode()).hexdigest()[:16]
    return _fingerprint


def _stable(value):
    """`value` as JSON the same in every process: functions, classes and other objects by
    their type's name (never by an address), paths by their text, sets sorted."""
    if isinstance(value, dict):
        return sorted([str(key), _stable(item)] for key, item in value.items())
    if isinstance(value, list | tuple):
        return [_stable(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_stable(item)) for item in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value) if isinstance(value, Path) else type(value).__name__


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    global _fingerprint
    _fingerprint = None


def request_cacheable(request) -> bool:
    """Whether `request` may be answered from the cache: an anonymous GET or HEAD without
    cookies but the CSRF and language ones (no session, so nobody is signed in)."""
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META or getattr(request, "htmx", False):
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return not set(request.COOKIES) - allowed


def _key(request) -> str:
    # The host and scheme too: without SITE_URL, a page's absolute links are the request's.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    path = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"page:{settings_fingerprint()}:{generation()}:{get_language()}:{path}"


def _entry(response) -> dict | None:
    """What is kept of a rendered `response`, or None when it is not to be kept."""
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or not response.get("Content-Type", "").startswith("text/html")
        or response.has_header("Cache-Control")
    ):
        return None
    body = _CSRF_VALUE.sub(rf"\g<1>{CSRF_MARK}\g<2>", response.content.decode(response.charset))
    return {
        "body": body,
        "content_type": response["Content-Type"],
        "meta": getattr(response, "page_cache_meta", {}),
        "etag": hashlib.sha256(body.encode()).hexdigest()[:24],
    }


def seconds_to_midnight(now: datetime | None = None) -> float:
    """Seconds until the next midnight of the site's time zone."""
    moment = (now or timezone.now()).astimezone(ZoneInfo(settings.TIME_ZONE))
    midnight = datetime.combine(moment.date() + timedelta(days=1), datetime.min.time())
    return (midnight.replace(tzinfo=moment.tzinfo) - moment).total_seconds()


def _timeout(response) -> int:
    seconds = min(
        settings.PAGE_CACHE_SECONDS,
        getattr(response, "page_cache_seconds", math.inf),
        seconds_to_midnight(),
    )
    return max(1, int(seconds))


def _served(request, entry: dict, *, hit: bool) -> HttpResponse:
    # The visitor's CSRF cookie is in the ETag: a browser's copy carries a token of it.
    cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    etag = '"' + hashlib.sha256((entry["etag"] + cookie).encode()).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        body = entry["body"]
        if CSRF_MARK in body:
            body = body.replace(CSRF_MARK, get_token(request))
        response = HttpResponse(body, content_type=entry["content_type"])
    response["ETag"] = etag
    response["X-Page-Cache"] = "hit" if hit else "miss"
    patch_cache_control(response, private=True, no_cache=True)
    return response


def page_cached(view=None, *, on_hit=None):
    """Serve `view`'s pages to anonymous visitors from the cache (see the module's text).

    `on_hit(request, meta)` runs when a stored page is served instead of the view, with the
    `response.page_cache_meta` the view set (a maker page counts its view there).
    """

    def decorate(view):
        @wraps(view)
        def cached(request, *args, **kwargs):
            if not request_cacheable(request):
                return view(request, *args, **kwargs)
            try:
                key = _key(request)
                entry = pages_cache().get(key)
            except Exception:  # a cache out of reach: the page is rendered, as without it
                logger.warning("page cache: not reachable", exc_info=True)
                return view(request, *args, **kwargs)
            if entry is not None:
                if on_hit is not None:
                    on_hit(request, entry["meta"])
                return _served(request, entry, hit=True)
            response = view(request, *args, **kwargs)
            entry = _entry(response)
            if entry is None:
                return response
            try:
                pages_cache().set(key, entry, _timeout(response))
            except Exception:
                logger.warning("page cache: a page not stored", exc_info=True)
            return _served(request, entry, hit=False)

        return cached

    return decorate(view) if view is not None else decorate
