"""Reads the discovery pages need: the home's territory, a page of search results."""

import json
import math
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import get_object_or_404

from localiste.catalog.selectors import categories_top_level
from localiste.core.pagination import PageWindow
from localiste.discovery.params import (
    DEFAULT_RADIUS_KM,
    MAX_OFFSET,
    SearchRequest,
    search_request_for_page,
)
from localiste.makers.selectors import maker_search, territory_featured_makers
from localiste.makers.selectors.knowhow import knowhows_for_territory
from localiste.places.models import Territory
from localiste.search.query import Filters, SearchQuery, Sort

KM_PER_DEGREE = 111.32


def territory_get_public(*, slug: str) -> Territory:
    """The active territory `slug` with its parent, or Http404."""
    return get_object_or_404(Territory.objects.select_related("parent"), slug=slug, is_active=True)


@dataclass
class TerritoryOverview:
    """What a territory's home shows: its newest makers and how many it has per category."""

    territory: Territory
    newest: list
    total: int
    total_is_exact: bool
    categories: list  # top-level categories, each given `territory_count`
    children: list
    featured: list  # the makers operators put forward there
    knowhows: list  # its heritage know-how pages

    @property
    def map_query_string(self) -> str:
        """The map API's filter for this territory (the map widget's `data-params`)."""
        return urlencode({"territory": self.territory.slug})

    @property
    def map_view(self) -> dict | None:
        """The territory's box, where its map opens."""
        return territory_map_view(self.territory)

    @property
    def outline(self) -> str:
        """The simplified boundary as GeoJSON text for the map, or ""."""
        return (
            json.dumps(self.territory.boundary_display) if self.territory.boundary_display else ""
        )


def territory_overview(*, territory: Territory, newest: int = 12) -> TerritoryOverview:
    """The newest and featured makers of `territory`, its categories with their counts there
    and its know-how pages.

    Both come from the search index (one query with a facet), never from a count over the
    makers table, so a territory of a million makers costs what a small one does.
    """
    page = maker_search(
        query=SearchQuery(
            filters=Filters(territory_ids=(territory.pk,)), sort=Sort.NEWEST, limit=newest
        )
    )
    counts = {str(key): value for key, value in page.facets.get("category", {}).items()}
    categories = []
    for category in categories_top_level():
        category.territory_count = counts.get(str(category.pk), 0)
        if category.territory_count:
            categories.append(category)
    children = list(territory.children.filter(is_active=True).order_by("name"))
    return TerritoryOverview(
        territory=territory,
        newest=list(page.makers),
        total=page.total,
        total_is_exact=page.total_is_exact,
        categories=categories,
        children=children,
        featured=territory_featured_makers(territory=territory),
        knowhows=knowhows_for_territory(territory=territory),
    )


def territory_default() -> Territory | None:
    """The territory the installation presents on its home page, if it exists and is active."""
    return Territory.objects.filter(slug=settings.DEFAULT_TERRITORY, is_active=True).first()


@dataclass
class SearchOutcome(PageWindow):
    """One page of search results as the page and the API show it."""

    makers: list
    total: int
    total_is_exact: bool
    facets: dict
    matched_all_words: bool
    corrected_terms: dict
    number: int
    num_pages: int
    duration_ms: float


def _num_pages(total: int, per_page: int) -> int:
    return max(1, min(-(-total // per_page), MAX_OFFSET // per_page + 1))


def search_run(*, search: SearchRequest) -> SearchOutcome:
    """The page of makers `search` asks for; a page past the end gives the last page."""
    started = time.perf_counter()
    page = maker_search(query=search.query)
    num_pages = _num_pages(page.total, search.per_page)
    if search.page > num_pages and page.total:
        search = search_request_for_page(search, num_pages)
        page = maker_search(query=search.query)
    return SearchOutcome(
        makers=list(page.makers),
        total=page.total,
        total_is_exact=page.total_is_exact,
        facets=page.facets or {},
        matched_all_words=page.matched_all_words,
        corrected_terms=dict(page.corrected_terms or {}),
        number=search.page,
        num_pages=num_pages,
        duration_ms=(time.perf_counter() - started) * 1000,
    )


def map_initial_view(*, search: SearchRequest, makers: list) -> dict | None:
    """Where a map of `search` opens: around the point and radius, else around the listed
    makers, else over the default territory; None lets the map show its default view.

    Returned as {"bbox": "minLon,minLat,maxLon,maxLat"} for a data attribute.
    """
    query = search.query
    if query.has_point:
        half_lat = (query.radius_km or DEFAULT_RADIUS_KM) / KM_PER_DEGREE
        half_lon = half_lat / max(0.05, math.cos(math.radians(query.latitude)))
        box = (
            query.longitude - half_lon,
            query.latitude - half_lat,
            query.longitude + half_lon,
            query.latitude + half_lat,
        )
        return {"bbox": _bbox_text(box), "lat": query.latitude, "lon": query.longitude}
    located = [maker for maker in makers if maker.has_location]
    if located:
        latitudes = [maker.latitude for maker in located]
        longitudes = [maker.longitude for maker in located]
        box = (min(longitudes), min(latitudes), max(longitudes), max(latitudes))
        return {"bbox": _bbox_text(box)}
    territory = search.territory or territory_default()
    return territory_map_view(territory) if territory else None


def territory_map_view(territory: Territory) -> dict | None:
    """A map over `territory`'s box ({"bbox": …}), or None when it is not framed yet."""
    if territory.min_latitude is None or territory.max_longitude is None:
        return None
    box = (
        territory.min_longitude,
        territory.min_latitude,
        territory.max_longitude,
        territory.max_latitude,
    )
    return {"bbox": _bbox_text(box)}


def _bbox_text(box: tuple[float, float, float, float]) -> str:
    return ",".join(f"{value:.5f}" for value in box)
