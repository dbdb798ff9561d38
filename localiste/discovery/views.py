"""The home page and, later, search and map pages built on the engine and makers' selectors."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from localiste.catalog.selectors import categories_top_level
from localiste.discovery.selectors import territory_default
from localiste.makers.selectors import makers_featured, makers_newest


@require_GET
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
