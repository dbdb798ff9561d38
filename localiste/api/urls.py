"""/api/v1/…: the NinjaAPI's endpoints, its OpenAPI schema and its docs page, readable from any
origin on GET and HEAD (`cors`)."""

from functools import wraps

from django.urls import include, path
from django.utils import translation

from localiste.api.api import api
from localiste.api.cors import cors_read_only


def _in_client_language(view):
    """`view` answering in the language of the Accept-Language header (the site's
    LocaleMiddleware ignores it outside the i18n URL patterns)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapped


def _head_as_get(view):
    """`view` answering HEAD like GET, without the body (crawlers and link checkers ask for
    headers only; ninja registers GET alone)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        response = view(request, *args, **kwargs)
        if not getattr(response, "streaming", False):
            response.headers["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    return wrapped


# Not `app_name`: at module level that name would make this module a namespace of its own.
api_patterns, api_app, api_namespace = api.urls
for pattern in api_patterns:
    # Outermost, the CORS wrapper sees the client's method (HEAD before it becomes GET).
    pattern.callback = cors_read_only(_head_as_get(_in_client_language(pattern.callback)))

urlpatterns = [path("", include((api_patterns, api_app), namespace=api_namespace))]
