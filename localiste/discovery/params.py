"""What a search or map request asks for, read leniently from its query string.

The one parser of search parameters: the search page, the map and the public API all read
their query strings here (the API hands over the same strings, typed by its schema only for
its documentation). Anything a visitor can type gives either a clamped value or a `Notice`
in their language, never an exception. The API answers 400 for notices marked `is_error`;
the pages show every notice and carry on.

Over 400 lines on purpose: one reader per parameter, each small, and splitting them would
scatter the one parse path the pages and the API share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from localiste.catalog.models import Category, Label
from localiste.catalog.selectors import category_for_slug
from localiste.discovery.readers import (
    Notice,
    all_values,
    first_value,
    open_slot_at,
    parse_flag,
    to_float,
    to_int,
)
from localiste.makers.models.service_offers import SERVICES as OFFERED_SERVICES
from localiste.places.geocoding import place_suggestions
from localiste.places.models import Place, Territory
from localiste.places.points import (
    place_text_clean,
    point_from_coordinates,
    point_from_place_text,
)
from localiste.search.query import RADIUS_CHOICES, Filters, SearchQuery, Sort, radius_nearest

MAX_QUERY_LENGTH = 200
DEFAULT_RADIUS_KM = 25
PER_PAGE = 20
MAX_PER_PAGE = 50
# Nobody reads past result 10,000; deeper pages cost the engine for nothing.
MAX_OFFSET = 10_000
# The services a search may ask for, code → label (the one list: makers.models.service_offers).
SERVICES = {code: service.label for code, service in OFFERED_SERVICES.items()}
SORTS = {
    Sort.RELEVANCE: _("Relevance"),
    Sort.NEAREST: _("Nearest good matches"),
    Sort.DISTANCE: _("Distance"),
    Sort.NEWEST: _("Newest"),
}

# Parameter names: French on the pages (shareable URLs of a French site), English in the API.
PAGE_NAMES = {
    "text": "q",
    "category": "categorie",
    "place": "lieu",
    "radius": "rayon",
    "latitude": "lat",
    "longitude": "lon",
    "label": "label",
    "services": "services",
    "territory": "territoire",
    "sort": "tri",
    "page": "page",
    "open_now": "ouvert",
}
API_NAMES = {
    **PAGE_NAMES,
    "category": "category",
    "place": "near",
    "radius": "radius_km",
    "territory": "territory",
    "sort": "sort",
    "page_size": "page_size",
    "open_now": "open_now",
}
# A sort that needs a point: without one, results come by relevance (with a notice).
SORTS_BY_DISTANCE = (Sort.DISTANCE, Sort.NEAREST)


@dataclass(frozen=True)
class SortOption:
    """One choice of the sort menu; `value` is "" for the default order, so that a form sent
    after the place changed gets the default of the new search (nearest with a place)."""

    value: str
    label: str
    selected: bool


@dataclass
class SearchRequest:
    """A parsed search: the engine's query plus what the page shows about it."""

    query: SearchQuery
    page: int = 1
    per_page: int = PER_PAGE
    text: str = ""
    category: Category | None = None
    labels: list[Label] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    territory: Territory | None = None
    place_text: str = ""
    place: Place | None = None
    place_suggestions: list[Place] = field(default_factory=list)
    radius_km: int | None = None
    uses_coordinates: bool = False
    sort: Sort = Sort.RELEVANCE
    sort_chosen: bool = False  # False: `sort` is the default (see `default_sort`)
    # The pages sort the nearest good matches first with a point; the API keeps relevance,
    # its order since v1 (a client asks `sort=nearest`).
    nearest_by_default: bool = True
    open_now: bool = False
    notices: list[Notice] = field(default_factory=list)

    @property
    def errors(self) -> list[Notice]:
        return [notice for notice in self.notices if notice.is_error]

    @property
    def default_sort(self) -> Sort:
        """Nearest good matches when the search has a point (on the pages), else relevance."""
        return default_sort_for(has_point=self.query.has_point, nearest=self.nearest_by_default)

    @property
    def sort_options(self) -> list[SortOption]:
        """The sort menu: the order in use is selected; the default order sends no value."""
        return [
            SortOption(
                value="" if sort == self.sort and not self.sort_chosen else str(sort),
                label=str(label),
                selected=sort == self.sort,
            )
            for sort, label in SORTS.items()
        ]

    @property
    def filter_values(self) -> dict:
        """The request's filters as plain values, for the search log and links."""
        return {
            key: value
            for key, value in {
                "category": self.category.slug if self.category else "",
                "labels": [label.slug for label in self.labels],
                "services": self.services,
                "territory": self.territory.slug if self.territory else "",
                "radius_km": self.radius_km if self.query.has_point else None,
                "near_me": self.uses_coordinates,
                "open_now": self.open_now,
                "sort": str(self.sort) if self.sort != self.default_sort else "",
            }.items()
            if value
        }

    @property
    def map_query_string(self) -> str:
        """The API's parameters for a map of these results (the map has no radius: it shows
        the area in view)."""
        params = QueryDict(mutable=True)
        for name, value in [
            ("q", self.text),
            ("category", self.category.slug if self.category else ""),
            ("territory", self.territory.slug if self.territory else ""),
        ]:
            if value:
                params[name] = value
        params.setlist("label", [label.slug for label in self.labels])
        params.setlist("services", self.services)
        if self.open_now:
            params["open_now"] = "true"
        return params.urlencode()


def parse_text(params: Mapping, name: str, notices: list[Notice]) -> str:
    """The keywords, at most MAX_QUERY_LENGTH characters (longer input is cut, with a notice)."""
    text = " ".join(first_value(params, name).replace("\x00", " ").split())
    if len(text) > MAX_QUERY_LENGTH:
        notices.append(
            Notice(
                "query_truncated",
                _("Your search was shortened to its first %(count)d characters.")
                % {"count": MAX_QUERY_LENGTH},
            )
        )
        text = text[:MAX_QUERY_LENGTH].strip()
    return text


def parse_category(params: Mapping, name: str, notices: list[Notice]) -> Category | None:
    slug = first_value(params, name)[:80]
    if not slug:
        return None
    category = category_for_slug(slug)  # an old slug (a merged category) still works
    if category is None:
        notices.append(
            Notice(
                "unknown_category",
                _("There is no category “%(slug)s”: all categories are shown.") % {"slug": slug},
                is_error=True,
            )
        )
    return category


def parse_labels(params: Mapping, name: str, notices: list[Notice]) -> list[Label]:
    slugs = [slug[:80] for slug in all_values(params, name)]
    if not slugs:
        return []
    labels = list(Label.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {label.slug for label in labels})
    if unknown:
        notices.append(
            Notice(
                "unknown_label",
                _("Unknown label ignored: %(slugs)s.") % {"slugs": ", ".join(unknown)},
                is_error=True,
            )
        )
    return labels


def parse_services(params: Mapping, name: str, notices: list[Notice]) -> list[str]:
    asked = all_values(params, name)
    unknown = [service for service in asked if service not in SERVICES]
    if unknown:
        notices.append(
            Notice(
                "unknown_service",
                _("Unknown service ignored: %(names)s.") % {"names": ", ".join(unknown)[:200]},
                is_error=True,
            )
        )
    return [service for service in SERVICES if service in asked]


def parse_territory(params: Mapping, name: str, notices: list[Notice]) -> Territory | None:
    slug = first_value(params, name)[:80]
    if not slug:
        return None
    territory = Territory.objects.filter(slug=slug, is_active=True).first()
    if territory is None:
        notices.append(
            Notice(
                "unknown_territory",
                _("There is no territory “%(slug)s”.") % {"slug": slug},
                is_error=True,
            )
        )
    return territory


def parse_radius(params: Mapping, name: str, notices: list[Notice]) -> int | None:
    """One of RADIUS_CHOICES: other numbers go to the nearest choice; None when not given."""
    raw = first_value(params, name)
    if not raw:
        return None
    number = to_float(raw)
    if number is None:
        notices.append(Notice("bad_radius", _("The distance must be a number of kilometres.")))
        return None
    nearest = radius_nearest(number)
    if nearest != number:
        notices.append(
            Notice(
                "radius_clamped",
                _("Distances go from %(min)d to %(max)d km: %(radius)d km was used.")
                % {"min": RADIUS_CHOICES[0], "max": RADIUS_CHOICES[-1], "radius": nearest},
            )
        )
    return nearest


def parse_point(
    params: Mapping, names: Mapping[str, str], notices: list[Notice]
) -> tuple[float, float] | None:
    """(latitude, longitude) when both are given and in range; a notice otherwise.

    Half a point (a latitude without a longitude, or the reverse) is no place: the search goes
    on without distances, with a notice. A point out of range is refused.
    """
    raw_lat, raw_lon = (
        first_value(params, names["latitude"]),
        first_value(params, names["longitude"]),
    )
    if not raw_lat and not raw_lon:
        return None
    if not raw_lat or not raw_lon:
        notices.append(
            Notice(
                "incomplete_position",
                _("A position needs a latitude and a longitude: distances are not shown."),
            )
        )
        return None
    reading = point_from_coordinates(raw_lat, raw_lon)
    if not reading.has_point:
        notices.append(Notice("bad_coordinates", reading.error, is_error=True))
        return None
    return reading.latitude, reading.longitude


def parse_place(params: Mapping, name: str, request: SearchRequest) -> tuple[float, float] | None:
    """The point of the place the visitor typed; a notice and suggestions when it is unknown."""
    text = place_text_clean(first_value(params, name))
    request.place_text = text
    if not text:
        return None
    reading = point_from_place_text(text)
    if reading.has_point:
        request.place = reading.place
        return reading.latitude, reading.longitude
    request.place_suggestions = [
        suggestion for suggestion in place_suggestions(text, limit=5) if suggestion.has_location
    ]
    request.notices.append(Notice("place_not_found", reading.error, is_error=True))
    return None


def default_sort_for(*, has_point: bool, nearest: bool = True) -> Sort:
    """The order nobody chose: the nearest good matches with a point when `nearest` (the
    pages), relevance otherwise (and always in the API)."""
    return Sort.NEAREST if has_point and nearest else Sort.RELEVANCE


def parse_sort(
    params: Mapping,
    name: str,
    notices: list[Notice],
    *,
    has_point: bool,
    nearest_by_default: bool = True,
) -> tuple[Sort, bool]:
    """(the order of the results, whether the visitor chose it). Not chosen: `default_sort_for`;
    `relevance` chosen stays relevance."""
    default = default_sort_for(has_point=has_point, nearest=nearest_by_default)
    raw = first_value(params, name)
    try:
        sort = Sort(raw) if raw else None
    except ValueError:
        message = (
            _("Unknown sort order: the nearest good matches come first.")
            if default == Sort.NEAREST
            else _("Unknown sort order: results are sorted by relevance.")
        )
        notices.append(Notice("bad_sort", message))
        return default, False
    if sort is None:
        return default, False
    if sort in SORTS_BY_DISTANCE and not has_point:
        notices.append(
            Notice("sort_needs_place", _("Give a place to sort by distance."), is_error=False)
        )
        return Sort.RELEVANCE, False
    return sort, True


def parse_page(params: Mapping, name: str, *, per_page: int) -> int:
    number = to_int(first_value(params, name)) or 1
    return max(1, min(number, MAX_OFFSET // per_page + 1))


def parse_page_size(
    params: Mapping, name: str | None, notices: list[Notice], *, default: int
) -> int:
    """Results per page asked for (the API's page_size), from 1 to MAX_PER_PAGE."""
    number = to_int(first_value(params, name)) if name else None
    if number is None:
        return max(1, min(default, MAX_PER_PAGE))
    clamped = max(1, min(number, MAX_PER_PAGE))
    if clamped != number:
        notices.append(
            Notice(
                "page_size_clamped",
                _("Pages hold from 1 to %(max)d results: %(size)d were used.")
                % {"max": MAX_PER_PAGE, "size": clamped},
            )
        )
    return clamped


def search_request_parse(
    params: Mapping,
    *,
    names: Mapping[str, str] = PAGE_NAMES,
    per_page: int = PER_PAGE,
    with_facets: bool = True,
    now: datetime | None = None,
    nearest_by_default: bool = True,
) -> SearchRequest:
    """The search `params` ask for (the page's names by default), clamped, with notices;
    "open now" means open for the whole half-hour holding `now` (default: the current time);
    with a point and no sort asked, the nearest good matches come first unless
    `nearest_by_default` is false (the API: relevance)."""
    notices: list[Notice] = []
    per_page = parse_page_size(params, names.get("page_size"), notices, default=per_page)
    request = SearchRequest(
        query=SearchQuery(),
        per_page=per_page,
        notices=notices,
        nearest_by_default=nearest_by_default,
    )
    request.text = parse_text(params, names["text"], notices)
    request.category = parse_category(params, names["category"], notices)
    request.labels = parse_labels(params, names["label"], notices)
    request.services = parse_services(params, names["services"], notices)
    request.territory = parse_territory(params, names["territory"], notices)
    # A typed place wins over coordinates: "near me" empties the place field when it fills them.
    point = parse_place(params, names["place"], request)
    if point is None and not request.place_text:
        point = parse_point(params, names, notices)
        request.uses_coordinates = point is not None
    request.radius_km = parse_radius(params, names["radius"], notices)
    if point and request.radius_km is None:
        request.radius_km = DEFAULT_RADIUS_KM
    request.sort, request.sort_chosen = parse_sort(
        params,
        names["sort"],
        notices,
        has_point=point is not None,
        nearest_by_default=nearest_by_default,
    )
    request.open_now = parse_flag(params, names["open_now"], notices)
    request.page = parse_page(params, names["page"], per_page=per_page)
    request.query = SearchQuery(
        text=request.text,
        filters=Filters(
            category_ids=(request.category.pk,) if request.category else (),
            label_ids=tuple(label.pk for label in request.labels),
            services=tuple(request.services),
            territory_ids=(request.territory.pk,) if request.territory else (),
            open_slot=open_slot_at(now) if request.open_now else None,
        ),
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        radius_km=float(request.radius_km) if point else None,
        sort=request.sort,
        offset=(request.page - 1) * per_page,
        limit=per_page,
        with_facets=with_facets,
    )
    return request


def search_request_for_page(request: SearchRequest, page: int) -> SearchRequest:
    """`request` moved to `page` (used to show the last page when asked for one past it)."""
    from dataclasses import replace

    request.page = page
    request.query = replace(request.query, offset=(page - 1) * request.per_page)
    return request
