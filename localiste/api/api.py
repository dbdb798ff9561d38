"""The public JSON API under /api/v1/: the routers the apps define in their api.py, mounted here.

Errors a client can cause are JSON 400/404/422/429 answers with a readable `detail`; a 429
says in Retry-After when to come back. The docs page is Swagger UI from django-ninja's own
static files (no CDN).
"""

import math

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Swagger
from ninja.errors import Throttled, ValidationError

from localiste.api.docs import docs_csp
from localiste.api.throttling import AnonymousRateThrottle
from localiste.catalog.api import router as catalog_router
from localiste.discovery.api import router as discovery_router
from localiste.makers.api import router as makers_router
from localiste.places.api import router as places_router

api = NinjaAPI(
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
    response = api.create_response(
        request,
        {"detail": str(_("Too many requests: try again in %(seconds)d s.") % {"seconds": wait})},
        status=429,
    )
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
        {key: value for key, value in error.items() if key in {"loc", "msg", "type"}}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": "; ".join(lines), "errors": details}, status=422)
