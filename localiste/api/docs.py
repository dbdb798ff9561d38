"""The API docs page: Swagger UI needs inline styles, which the site's policy forbids."""

from functools import wraps

# Swagger UI's bundled script sets style attributes and shows data: images; scripts still
# come from our own static files only.
DOCS_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def docs_csp(view):
    """`view` answering with the docs page's own Content-Security-Policy (the middleware keeps
    a header a view has set)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_POLICY
        return response

    return wrapped
