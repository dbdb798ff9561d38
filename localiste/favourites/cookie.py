"""The anonymous visitor's favourites, kept in their browser: the `favoris` cookie.

The value is the makers' slugs joined by dots, oldest first (slugs never hold a dot, and a dot
needs no quoting in a cookie). Only the server writes it, on the POST of a heart button;
favourites.js reads it to show the buttons' state, which is why it is not HttpOnly.
"""

import re

from django.conf import settings

COOKIE_NAME = "favoris"
COOKIE_MAX_AGE = 365 * 24 * 3600
SEPARATOR = "."
# At most this many published favourites in a cookie or an account; at most this many slugs
# read from a shared link.
FAVOURITES_MAX = 100
# The cookie may also hold makers that are not published at the moment (they count for
# nothing, and come back when published again): it is read up to this many slugs.
COOKIE_SLUGS_MAX = 2 * FAVOURITES_MAX
# Browsers keep cookies up to 4 KB, name and attributes included.
COOKIE_MAX_BYTES = 3800
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,140}$")


def slugs_parse(
    value: str | None, *, separator: str = SEPARATOR, limit: int | None = None
) -> list[str]:
    """The well-formed slugs of `value`, without repeats, the first `limit` of them
    (FAVOURITES_MAX by default)."""
    limit = limit or FAVOURITES_MAX
    slugs: list[str] = []
    for part in (value or "").split(separator):
        slug = part.strip()
        if SLUG_RE.match(slug) and slug not in slugs:
            slugs.append(slug)
            if len(slugs) == limit:
                break
    return slugs


def cookie_slugs(request) -> list[str]:
    """The slugs kept in `request`'s favourites cookie, as written, oldest first."""
    return slugs_parse(request.COOKIES.get(COOKIE_NAME), limit=COOKIE_SLUGS_MAX)


def cookie_fits(slugs: list[str]) -> bool:
    """Whether the cookie can hold `slugs`: not too many, not too long (the limit of published
    favourites is checked by the callers, who know which are published)."""
    return len(slugs) <= COOKIE_SLUGS_MAX and len(SEPARATOR.join(slugs)) <= COOKIE_MAX_BYTES


def cookie_write(response, slugs: list[str]) -> None:
    """Make `response` keep `slugs` in the browser for a year (or forget them all)."""
    if not slugs:
        cookie_delete(response)
        return
    response.set_cookie(
        COOKIE_NAME,
        SEPARATOR.join(slugs),
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,
    )


def cookie_delete(response) -> None:
    """Make `response` clear the favourites cookie."""
    response.delete_cookie(COOKIE_NAME, samesite="Lax")
