"""Public API of the search: /api/v1/search (JSON results) and /api/v1/map (GeoJSON).

Both read their parameters with the search page's own parser (`discovery.params`): out-of-
range values are clamped (radius, page) and reported in `notices`; what cannot be understood
(an unknown category, a place not found, a bad bbox, coordinates out of range) is a 400 with
`detail`.
"""

import time
from typing import Annotated

from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import BeforeValidator

from localiste.catalog.models import Category, Label
from localiste.core.site_url import absolute_url
from localiste.core.templatetags.prices import price_text
from localiste.discovery.map_params import map_request_parse
from localiste.discovery.params import (
    API_NAMES,
    MAX_PER_PAGE,
    PER_PAGE,
    RADIUS_CHOICES,
    SERVICES,
    search_request_parse,
)
from localiste.discovery.selectors import search_run
from localiste.discovery.services import map_search_record, search_record
from localiste.makers.api_schemas import NamedOut
from localiste.makers.selectors import maker_map
from localiste.places.models import Territory
from localiste.search.query import Sort

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


class ProductHitOut(Schema):
    name: str
    materials: str
    price: str = Field(description="As the page shows it: “890 €”, “from 40 €”, “on quote”.")
    url: str


class MakerHitOut(Schema):
    slug: str
    name: str
    tagline: str
    url: str
    commune: str
    category: str = Field(description="Name of the maker's main category.")
    category_slug: str
    category_path: list[NamedOut] = Field(
        description="The main category and its ancestors, from the top category down to it."
    )
    latitude: float | None
    longitude: float | None
    distance_km: float | None
    product: ProductHitOut | None = Field(
        None, description="The maker's product that best matches the words, if one does."
    )


class SearchOut(Schema):
    count: int
    count_is_exact: bool
    page: int
    pages: int
    page_size: int
    sort: Sort = Field(
        description="The order the results come in: the `sort` asked, else relevance (also "
        "when `nearest` or `distance` was asked without a point, with a `sort_needs_place` "
        "notice)."
    )
    matched_all_words: bool
    corrected_terms: dict[str, str]
    notices: list[NoticeOut]
    facets: dict[str, dict[str, int]]
    results: list[MakerHitOut]


def _refused(notices, extra: dict | None = None) -> Status:
    errors = [{"code": notice.code, "message": str(notice.message)} for notice in notices]
    body = {"detail": " ".join(error["message"] for error in errors), "errors": errors}
    return Status(400, {**body, **(extra or {})})


def _category_path(category) -> list[dict]:
    """[{slug, name}] from the top category down to `category` (ancestors select_related)."""
    path = []
    while category is not None:
        path.insert(0, {"slug": category.slug, "name": category.name})
        category = category.parent
    return path


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
        "category_slug": maker.primary_category.slug,
        "category_path": _category_path(maker.primary_category),
        "latitude": latitude,
        "longitude": longitude,
        "distance_km": round(distance, 1) if distance is not None else None,
        "product": _product(request, getattr(maker, "product_hit", None)),
    }


def _product(request, product) -> dict | None:
    if product is None:
        return None
    return {
        "name": product.name,
        "materials": product.materials,
        "price": price_text(product.price_kind, product.price_min, product.price_max),
        "url": absolute_url(request, product.get_absolute_url()),
    }


SERVICES_HELP = f"{', '.join(SERVICES)} (all of them)."
OPEN_NOW_HELP = (
    "true: only the makers open now, that is open for the whole current half-hour (9:00–9:30, "
    "9:30–10:00…) in the site's time zone: a maker open 9:15–12:15 is open now from 9:30 to "
    "12:00. Makers without opening hours (by appointment) are left out."
)
SORT_HELP = (
    "relevance (the default, with or without a point), nearest (with a point: the nearest of "
    "the good matches first, as the search page lists them), distance (with a point: nearest "
    "first, whatever the match) or newest. The response's `sort` says which order was used."
)
# "" is a sort not given (what clients generated before the enum send by default).
SortParam = Annotated[Sort | None, BeforeValidator(lambda value: value or None)]


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
    services: list[str] = Field([], description=SERVICES_HELP)
    territory: str = Field("", description="A territory slug.")
    open_now: str = Field("", description=f"{OPEN_NOW_HELP} Also 1/0, on/off, yes/no.")
    sort: SortParam = Field(None, description=SORT_HELP)
    page: str = Field("1", description="From 1; past the last page gives the last page.")
    page_size: str = Field(str(PER_PAGE), description=f"Results per page, 1 to {MAX_PER_PAGE}.")


class MapParams(Schema):
    """The parameters of /map: a view (bbox and zoom) and the filters of /search."""

    bbox: str = Field(..., description="minLon,minLat,maxLon,maxLat (WGS 84).")
    zoom: str = Field(..., description="The map's zoom level, 0 to 22.")
    q: str = Field("", description="Keywords, as for /search.")
    category: str = ""
    label: list[str] = []
    services: list[str] = Field([], description=SERVICES_HELP)
    territory: str = ""
    open_now: bool = Field(False, description=OPEN_NOW_HELP)
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
    map slugs (service keys) to the number of results each would give.

    Results come by relevance unless `sort` asks otherwise, a point or not (as since v1);
    `sort=nearest` gives the nearest good matches first, the search page's order with a
    place."""
    parsed = search_request_parse(params.dict(), names=API_NAMES, nearest_by_default=False)
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
            "sort": parsed.sort,
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
