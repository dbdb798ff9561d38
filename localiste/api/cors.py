"""Cross-origin reads of the public API: any site's scripts may GET (or HEAD) it, nothing else.

The API is public, read-only and anonymous, so its answers carry
`Access-Control-Allow-Origin: *` and never allow credentials (a browser then sends no
cookie with a cross-origin request, and none is needed). A preflight (OPTIONS) is answered
here, before throttling: it allows GET and HEAD only. Any other method gets no allow header,
so a browser keeps a cross-origin POST, PUT or DELETE from reading the answer (the API
refuses them anyway, 405).
"""

from functools import wraps

from django.http import HttpResponse

SAFE_METHODS = frozenset({"GET", "HEAD"})
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# What a client may read besides the CORS-safelisted headers: when to come back after a 429,
# the language of the answer.
EXPOSED_HEADERS = "Retry-After, Content-Language"
PREFLIGHT_MAX_AGE = 86400  # a day: the policy does not change between two requests


def cors_read_only(view):
    """`view` readable from any origin on GET and HEAD, with OPTIONS answered as a preflight."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        method = request.method  # before a HEAD is answered as a GET
        if method == "OPTIONS":
            return _preflight(request)
        response = view(request, *args, **kwargs)
        if method in SAFE_METHODS:
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response

    return wrapped


def _preflight(request) -> HttpResponse:
    """204 naming the methods of the API; the CORS allow headers only when the browser asks
    for GET or HEAD (no custom request header is needed to read the API)."""
    response = HttpResponse(status=204)
    response.headers["Allow"] = ALLOWED_METHODS
    asked = request.headers.get("Access-Control-Request-Method", "").upper()
    if asked in SAFE_METHODS:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response
