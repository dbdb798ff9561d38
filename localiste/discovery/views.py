"""The home page, the category pages, the search results, the full-screen map and the
as-you-type suggestions."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from localiste.catalog.selectors import categories_top_level, category_get_public, category_tree
from localiste.core.page_cache import page_cached
from localiste.discovery.autocomplete import suggestions_for
from localiste.discovery.facets import facets_for
from localiste.discovery.params import (
    RADIUS_CHOICES,
    search_request_parse,
)
from localiste.discovery.relax import relaxations
from localiste.discovery.selectors import (
    map_initial_view,
    search_run,
    territory_default,
    territory_get_public,
    territory_overview,
)
from localiste.discovery.services import search_record
from localiste.makers.selectors import category_makers_page, makers_featured, makers_newest


@require_safe
@page_cached
def home(request):
    """Search box, categories, featured and newest makers, the territory and the map teaser."""
    return render(
        request,
        "discovery/home.html",
        {
            "categories": categories_top_level(),
            "featured_makers": makers_featured(limit=6),
            "newest_makers": makers_newest(limit=8),
            "territory": territory_default(),
        },
    )


@require_safe
def categories(request):
    """Every top-level category with its sub-categories."""
    return render(request, "discovery/categories.html", {"categories": category_tree()})


@require_safe
@page_cached
def category(request, slug):
    """One category: breadcrumb, description, sub-categories and a page of its makers (the
    old address of a category merged into another leads there for good)."""
    category = category_get_public(slug=slug)
    if category.slug != slug:
        query = request.META.get("QUERY_STRING", "")
        return redirect(
            category.get_absolute_url() + (f"?{query}" if query else ""), permanent=True
        )
    page = category_makers_page(category=category, page_number=request.GET.get("page"))
    return render(request, "discovery/category.html", {"category": category, "page": page})


@require_safe
def territory(request, slug):
    """A territory's home: its presentation, categories and newest makers, links onward."""
    overview = territory_overview(territory=territory_get_public(slug=slug))
    return render(request, "discovery/territory.html", {"overview": overview})


def _choices() -> dict:
    # The services and sorts come with the request (facets, `search.sort_options`).
    return {"radius_choices": RADIUS_CHOICES}


@require_safe
def search(request):
    """Results list with facets, sort and a map; htmx asks for the results region only."""
    search = search_request_parse(request.GET)
    outcome = search_run(search=search)
    search_record(search=search, outcome=outcome)
    partial = request.htmx and not request.htmx.history_restore_request
    context = {
        "search": search,
        "outcome": outcome,
        "facets": facets_for(search, outcome.facets),
        "relaxations": relaxations(search, request.GET) if not outcome.total else [],
        "map_view": map_initial_view(search=search, makers=outcome.makers),
        **_choices(),
    }
    template = "discovery/includes/search_region.html" if partial else "discovery/search.html"
    response = render(request, template, context)
    # The same URL answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def map_page(request):
    """The full-screen map with the search filters; the points come from /api/v1/map."""
    search = search_request_parse(request.GET, with_facets=False)
    return render(
        request,
        "discovery/map.html",
        {
            "search": search,
            "categories": categories_for_select(),
            "map_view": map_initial_view(search=search, makers=[]),
            **_choices(),
        },
    )


def categories_for_select() -> list:
    """The top two levels of categories in tree order, for a <select>."""
    ordered = []
    for top in category_tree():
        ordered += [top, *top.child_list]
    return ordered


@require_safe
def autocomplete(request):
    """Makers, categories and places whose names start like `q`, as JSON for search.js."""
    response = JsonResponse(suggestions_for(request.GET.get("q", "")))
    response["Cache-Control"] = "max-age=60"
    return response
