"""The category tree and each category's page of makers."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from localiste.catalog.selectors import category_get_public, category_tree
from localiste.makers.selectors import category_makers_page


@require_GET
def index(request):
    """Every top-level category with its sub-categories."""
    return render(request, "catalog/index.html", {"categories": category_tree()})


@require_GET
def category(request, slug):
    """One category: breadcrumb, description, sub-categories and a page of its makers."""
    category = category_get_public(slug=slug)
    page = category_makers_page(category=category, page_number=request.GET.get("page"))
    return render(request, "catalog/category.html", {"category": category, "page": page})
