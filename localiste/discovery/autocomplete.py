"""As-you-type suggestions for the search box: makers, categories and places."""

from django.urls import reverse

from localiste.catalog.models import Category
from localiste.core.text import fold
from localiste.makers.selectors import maker_suggest
from localiste.places.geocoding import place_suggestions

MIN_PREFIX = 2
MAX_PREFIX = 60


def categories_matching(prefix: str, *, limit: int = 5) -> list[Category]:
    """Categories one of whose words (French or English name) starts with `prefix`, folded.

    The category table holds a few hundred rows at most: matching in Python is cheaper than
    an index would be.
    """
    folded = fold(prefix)
    if not folded:
        return []
    found = []
    for category in Category.objects.order_by("depth", "position"):
        names = f"{fold(category.name_fr)} {fold(category.name_en)}"
        if names.startswith(folded) or f" {folded}" in f" {names}":
            found.append(category)
            if len(found) == limit:
                break
    return found


def suggestions_for(text: str) -> dict:
    """{"makers": […], "categories": […], "places": […]} for what the visitor typed so far;
    each entry has a `label` and a `url` (or the `value` to put in the form)."""
    prefix = " ".join(str(text)[:MAX_PREFIX].split())
    if len(fold(prefix)) < MIN_PREFIX:
        return {"makers": [], "categories": [], "places": []}
    search_url = reverse("discovery:search")
    return {
        "makers": [
            {"label": maker.name, "url": maker.get_absolute_url()}
            for maker in maker_suggest(prefix=prefix, limit=5)
        ],
        "categories": [
            {
                "label": category.name,
                "slug": category.slug,
                "url": f"{search_url}?categorie={category.slug}",
            }
            for category in categories_matching(prefix)
        ],
        "places": [
            {
                "label": place.name,
                "value": f"{place.name} ({place.postcodes.split()[0]})"
                if place.postcodes
                else place.name,
            }
            for place in place_suggestions(prefix, limit=5)
        ],
    }
