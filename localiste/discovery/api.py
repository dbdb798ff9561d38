"""Public API of the search: /api/v1/search (JSON results) and /api/v1/map (GeoJSON).

Both read their parameters with the search page's own parser (`discovery.params`): out-of-
range values are clamped (radius, page) and reported in `notices`; what cannot be understood
(an unknown category, a place not found, a bad bbox, coordinates out of range) is a 400 with
`detail`.
"""

import time

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from localiste.catalog.models import Category, Label
from localiste.core.site_url import absolute_url
from localiste.discovery.map_params import map_request_parse
from localiste.discovery.params import (
    API_NAMES,
    MAX_PER_PAGE,
    PER_PAGE,
    RADIUS_CHOICES,
    search_request_parse,
)
from localiste.discovery.selectors import search_run
from localiste.discovery.services import map_search_record, search_record
from localiste.makers.selectors import maker_map
from localiste.places.models import Territory

router = Router()


class NoticeOut(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    """A refused search: what could not be understood, one notice per problem."""

    detail: str
    errors: list[NoticeOut]
    place_suggestions: list[str] = Field(
        [], description="Known places whose names start like the place that was not found."
    )


class MakerHitOut(Schema):
    slug: str
    name: str
    tagline: str
    url: str
    commune: str
    category: str
    latitude: float | None
    longitude: float | None
    distance_km: float | None


class SearchOut(Schema):
    count: int
    count_is_exact: bool
    page: int
    pages: int
    page_size: int
    matched_all_words: bool
    corrected_terms: dict[str, str]
    notices: list[NoticeOut]
    facets: dict[str, dict[str, int]]
    results: list[MakerHitOut]


def _refused(notices, extra: dict | None = None) -> Status:
    errors = [{"code": notice.code, "message": str(notice.message)} for notice in notices]
    body = {"detail": " ".join(error["message"] for error in errors), "errors": errors}
    return Status(400, {**body, **(extra or {})})


def _hit(request, maker) -> dict:
    latitude, longitude = maker.public_point or (None, None)
    distance = getattr(maker, "distance_km", None)
    return {
        "slug": maker.slug,
        "name": maker.name,
        "tagline": maker.tagline,
        "url": absolute_url(request, maker.get_absolute_url()),
        "commune": maker.place.name if maker.place_id else maker.locality,
        "category": maker.primary_category.name,
        "latitude": latitude,
        "longitude": longitude,
        "distance_km": round(distance, 1) if distance is not None else None,
    }


class SearchParams(Schema):
    """The parameters of /search as the query string carries them.

    They are read by the search page's own parser (`discovery.params`), so the API and the
    pages understand every value alike: out-of-range numbers are clamped with a notice, and
    what cannot be understood is a 400 whose `detail` says why, in the request's language.
    """

    q: str = Field("", description="Keywords (cut to 200 characters).")
    category: str = Field("", description="A category slug; its sub-categories are included.")
    near: str = Field("", description="A town, postcode or address to measure distances from.")
    lat: str = Field("", description="Latitude of the point, -90 to 90 (with `lon`).")
    lon: str = Field("", description="Longitude of the point, -180 to 180 (with `lat`).")
    radius_km: str = Field(
        "", description=f"Kilometres: one of {RADIUS_CHOICES} (others go to the nearest); 25."
    )
    label: list[str] = Field([], description="Label slugs (any of them).")
    services: list[str] = Field(
        [], description="workshop_visits, on_site_sale, online_shop, made_to_order (all of them)."
    )
    territory: str = Field("", description="A territory slug.")
    sort: str = Field("", description="relevance (default), distance or newest.")
    page: str = Field("1", description="From 1; past the last page gives the last page.")
    page_size: str = Field(str(PER_PAGE), description=f"Results per page, 1 to {MAX_PER_PAGE}.")


class MapParams(Schema):
    """The parameters of /map: a view (bbox and zoom) and the filters of /search."""

    bbox: str = Field(..., description="minLon,minLat,maxLon,maxLat (WGS 84).")
    zoom: str = Field(..., description="The map's zoom level, 0 to 22.")
    q: str = Field("", description="Keywords, as for /search.")
    category: str = ""
    label: list[str] = []
    services: list[str] = []
    territory: str = ""
    log: bool = Field(
        False,
        description="true on the first view of a search made on a map, so that the operators' "
        "demand statistics count it once (never on pans and zooms).",
    )


@router.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut},
    summary="Search the published makers",
)
def search(request, params: Query[SearchParams]):
    """Makers matching the keywords and filters, with `distance_km` when a point is given
    (`near` or `lat`+`lon`), and facet counts: `category`, `label`, `service`, `territory`
    map slugs (service keys) to the number of results each would give."""
    parsed = search_request_parse(params.dict(), names=API_NAMES)
    if parsed.errors:
        suggestions = [place.name for place in parsed.place_suggestions]
        return _refused(parsed.errors, {"place_suggestions": suggestions} if suggestions else {})
    outcome = search_run(search=parsed)
    search_record(search=parsed, outcome=outcome)
    return Status(
        200,
        {
            "count": outcome.total,
            "count_is_exact": outcome.total_is_exact,
            "page": outcome.number,
            "pages": outcome.num_pages,
            "page_size": parsed.per_page,
            "matched_all_words": outcome.matched_all_words,
            "corrected_terms": outcome.corrected_terms,
            "notices": [{"code": n.code, "message": str(n.message)} for n in parsed.notices],
            "facets": facets_by_slug(outcome.facets),
            "results": [_hit(request, maker) for maker in outcome.makers],
        },
    )


def facets_by_slug(facets: dict) -> dict[str, dict[str, int]]:
    """The engine's facet counts with slugs instead of ids (ids are internal)."""
    models = {"category": Category, "label": Label, "territory": Territory}
    named: dict[str, dict[str, int]] = {}
    for name, counts in (facets or {}).items():
        model = models.get(name)
        if model is None:
            named[name] = {str(key): count for key, count in counts.items()}
            continue
        slugs = dict(model.objects.filter(pk__in=list(counts)).values_list("pk", "slug"))
        named[name] = {slugs[key]: count for key, count in counts.items() if key in slugs}
    return named


@router.get(
    "/map",
    response={200: dict, 400: ErrorOut},
    summary="Makers on a map: points and clusters",
)
def map_features(request, params: Query[MapParams]):
    """A GeoJSON FeatureCollection of at most 500 features over `bbox`: points (one maker, or
    a few at the same spot) and clusters whose `properties.count` says how many makers they
    hold. The same filters as /search."""
    parsed = map_request_parse(params.dict(), names=API_NAMES)
    if parsed.errors or parsed.query is None:
        return _refused(parsed.errors)
    started = time.perf_counter()
    collection = maker_map(query=parsed.query)
    if params.log:
        elapsed_ms = (time.perf_counter() - started) * 1000
        map_search_record(request=parsed, collection=collection, duration_ms=elapsed_ms)
    return Status(200, collection)
