"""Heritage know-how pages: a craft of the territory and the makers who practise it today."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from localiste.makers.selectors.knowhow import knowhow_get_public, knowhow_makers, knowhows_public


@require_safe
def knowhow_list(request):
    """Every published know-how page."""
    return render(request, "discovery/knowhow_list.html", {"knowhows": knowhows_public()})


@require_safe
def knowhow(request, slug):
    """A know-how page: text, photos with credits, sources, its makers as a list and a map."""
    page = knowhow_get_public(slug=slug)
    found = knowhow_makers(knowhow=page)
    categories = list(page.categories.all())
    return render(
        request,
        "discovery/knowhow.html",
        {
            "knowhow": page,
            "makers": found.makers,
            "more_makers": found.has_more,
            "located_makers": [maker for maker in found.makers if maker.public_point],
            "search_category": categories[0] if len(categories) == 1 else None,
        },
    )
