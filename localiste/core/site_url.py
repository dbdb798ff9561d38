"""The address that links leaving the site start with: in mails, on posters, in shared pages.

The operator's SITE_URL when set (https://makers.example.org); otherwise the scheme and host
the request came with, as before. A mail must not carry whatever a client put in its Host
header (a password-reset link following the port of a forged Host, say), so every absolute
link meant for someone else is built here.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest


def site_root(request: HttpRequest | None) -> str:
    """The site's scheme and host, without a trailing slash: SITE_URL, else the request's."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is None:
        raise ValueError("Set SITE_URL to build the site's links outside a request.")
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(request: HttpRequest | None, location: str = "/") -> str:
    """`location` (a path, or an absolute URL of this site) as an absolute URL on site_root().

    An absolute URL of another host is returned unchanged; so is one of this host built from
    the request when SITE_URL is not set.
    """
    if not settings.SITE_URL:
        if request is None:
            raise ValueError("Set SITE_URL to build the site's links outside a request.")
        return request.build_absolute_uri(location)
    if request is not None and not location.startswith("/"):
        # A URL of this host, or a path relative to the current page: the request's own URL.
        location = request.build_absolute_uri(location)
    parts = urlsplit(location)
    foreign = parts.netloc and (request is None or parts.netloc != request.get_host())
    if foreign or parts.scheme not in {"", "http", "https"}:
        return location
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    return settings.SITE_URL + urlunsplit(("", "", path, parts.query, parts.fragment))
