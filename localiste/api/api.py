"""The public JSON API under /api/v1/: the routers the apps define in their api.py, mounted here.

Errors a client can cause are JSON 400/404/422/429 answers with a readable `detail` in the
client's language; a 429 says in Retry-After when to come back. The OpenAPI document declares
each of them where it can happen (`errors.openapi_with_errors`). The docs page is Swagger UI
from django-ninja's own static files (no CDN).
"""

import math

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Swagger
from ninja.errors import Throttled, ValidationError

from localiste.api.docs import docs_csp
from localiste.api.errors import (
    InvalidParametersOut,
    NotFoundOut,
    TooManyRequestsOut,
    openapi_with_errors,
)
from localiste.api.throttling import AnonymousRateThrottle
from localiste.catalog.api import router as catalog_router
from localiste.discovery.api import router as discovery_router
from localiste.makers.api import router as makers_router
from localiste.places.api import router as places_router


class LocalisteAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document declares the errors it answers for every endpoint."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return openapi_with_errors(schema)


api = LocalisteAPI(
    title="Localiste API",
    version="1",
    description=(
        "Public, read-only API of the directory: search makers by keyword, category and "
        "distance, map them, read a maker's listing, the categories and the places. "
        "Anonymous clients are rate-limited (HTTP 429 with Retry-After)."
    ),
    urls_namespace="api",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_decorator=docs_csp,
    throttle=[AnonymousRateThrottle()],
)
api.add_router("/", discovery_router, tags=["search"])
api.add_router("/makers", makers_router, tags=["makers"])
api.add_router("/categories", catalog_router, tags=["categories"])
api.add_router("/places", places_router, tags=["places"])


@api.exception_handler(Throttled)
def too_many_requests(request, exc: Throttled):
    wait = max(1, math.ceil(exc.wait or 60))
    message = _("Too many requests: try again in %(seconds)d s.") % {"seconds": wait}
    body = TooManyRequestsOut(detail=str(message))
    response = api.create_response(request, body.model_dump(), status=429)
    response["Retry-After"] = str(wait)
    return response


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    """422 with one readable line per bad parameter, plus pydantic's details."""
    lines = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "query")
        lines.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    details = [
        {
            "loc": list(error.get("loc", ())),
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "invalid")),
        }
        for error in exc.errors
    ]
    body = InvalidParametersOut(detail="; ".join(lines), errors=details)
    return api.create_response(request, body.model_dump(), status=422)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    """404 in the client's language (ninja's own says "Not Found" in English)."""
    message = _("The address may be mistyped, or the maker may have taken their page offline.")
    body = NotFoundOut(detail=str(message))
    return api.create_response(request, body.model_dump(), status=404)
