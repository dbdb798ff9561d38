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

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from localiste.catalog.models import Category, Label
from localiste.catalog.selectors import category_for_slug
from localiste.places.geocoding import geocode, place_suggestions
from localiste.places.models import Place, Territory
from localiste.search.query import Filters, SearchQuery, Sort

MAX_QUERY_LENGTH = 200
RADIUS_CHOICES = (5, 10, 25, 50, 100)
DEFAULT_RADIUS_KM = 25
PER_PAGE = 20
MAX_PER_PAGE = 50
# Nobody reads past result 10,000; deeper pages cost the engine for nothing.
MAX_OFFSET = 10_000
SERVICES = {
    "workshop_visits": _("Workshop visits"),
    "on_site_sale": _("Sale at the workshop"),
    "online_shop": _("Online shop"),
    "made_to_order": _("Made to order"),
}
SORTS = {
    Sort.RELEVANCE: _("Relevance"),
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
}
API_NAMES = {
    **PAGE_NAMES,
    "category": "category",
    "place": "near",
    "radius": "radius_km",
    "territory": "territory",
    "sort": "sort",
    "page_size": "page_size",
}


@dataclass(frozen=True)
class Notice:
    """Something the visitor should know about their request; `is_error`: it was refused."""

    code: str
    message: str
    is_error: bool = False


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
    notices: list[Notice] = field(default_factory=list)

    @property
    def errors(self) -> list[Notice]:
        return [notice for notice in self.notices if notice.is_error]

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
                "sort": str(self.sort) if self.sort != Sort.RELEVANCE else "",
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
        return params.urlencode()


def first_value(params: Mapping, name: str) -> str:
    """The first value of parameter `name` as a stripped string ("" when absent)."""
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
    value = values[0] if values else None
    return value.strip() if isinstance(value, str) else ""


def all_values(params: Mapping, name: str) -> list[str]:
    if hasattr(params, "getlist"):
        values = params.getlist(name)
    else:
        value = params.get(name)
        values = value if isinstance(value, list | tuple) else [value]
    # "a,b" and repeated parameters both work; at most a few distinct values are kept.
    split = [
        part.strip() for value in values if isinstance(value, str) for part in value.split(",")
    ]
    return list(dict.fromkeys(part for part in split if part))[:10]


def to_float(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def to_int(value: str) -> int | None:
    number = to_float(value)
    return int(number) if number is not None and abs(number) < 1e9 else None


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
    nearest = min(RADIUS_CHOICES, key=lambda choice: abs(choice - number))
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
    latitude, longitude = to_float(raw_lat), to_float(raw_lon)
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        notices.append(
            Notice(
                "bad_coordinates",
                _(
                    "The position is not valid: latitude goes from -90 to 90 and longitude "
                    "from -180 to 180."
                ),
                is_error=True,
            )
        )
        return None
    return round(latitude, 6), round(longitude, 6)


def parse_place(params: Mapping, name: str, request: SearchRequest) -> tuple[float, float] | None:
    """The point of the place the visitor typed; a notice and suggestions when it is unknown."""
    text = " ".join(first_value(params, name).split())[:120]
    request.place_text = text
    if not text:
        return None
    place = geocode(text)
    if place is not None and place.has_location:
        request.place = place
        return place.latitude, place.longitude
    request.place_suggestions = [
        suggestion for suggestion in place_suggestions(text, limit=5) if suggestion.has_location
    ]
    request.notices.append(
        Notice(
            "place_not_found",
            _("We could not find the place “%(place)s”.") % {"place": text},
            is_error=True,
        )
    )
    return None


def parse_sort(params: Mapping, name: str, notices: list[Notice], *, has_point: bool) -> Sort:
    raw = first_value(params, name)
    try:
        sort = Sort(raw) if raw else Sort.RELEVANCE
    except ValueError:
        notices.append(
            Notice("bad_sort", _("Unknown sort order: results are sorted by relevance."))
        )
        return Sort.RELEVANCE
    if sort == Sort.DISTANCE and not has_point:
        notices.append(
            Notice("sort_needs_place", _("Give a place to sort by distance."), is_error=False)
        )
        return Sort.RELEVANCE
    return sort


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
) -> SearchRequest:
    """The search `params` ask for (the page's names by default), clamped, with notices."""
    notices: list[Notice] = []
    per_page = parse_page_size(params, names.get("page_size"), notices, default=per_page)
    request = SearchRequest(query=SearchQuery(), per_page=per_page, notices=notices)
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
    request.sort = parse_sort(params, names["sort"], notices, has_point=point is not None)
    request.page = parse_page(params, names["page"], per_page=per_page)
    request.query = SearchQuery(
        text=request.text,
        filters=Filters(
            category_ids=(request.category.pk,) if request.category else (),
            label_ids=tuple(label.pk for label in request.labels),
            services=tuple(request.services),
            territory_ids=(request.territory.pk,) if request.territory else (),
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
