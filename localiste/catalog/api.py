"""Public API of the taxonomy: the category tree with each category's published makers."""

from django.urls import reverse
from ninja import Router, Schema

from localiste.catalog.models import Category
from localiste.core.site_url import absolute_url

router = Router()


class CategoryOut(Schema):
    slug: str
    name: str
    parent: str | None
    depth: int
    maker_count: int
    url: str


@router.get("", response=list[CategoryOut], summary="Every category, parents before children")
def categories(request):
    """The category tree as a flat list (`parent` is the parent's slug), names in the language
    of the Accept-Language header; `maker_count` includes the sub-categories' makers."""
    rows = Category.objects.select_related("parent").order_by("depth", "position", "name_fr")
    return [
        {
            "slug": category.slug,
            "name": category.name,
            "parent": category.parent.slug if category.parent_id else None,
            "depth": category.depth,
            "maker_count": category.published_maker_count,
            "url": absolute_url(
                request, reverse("discovery:category", kwargs={"slug": category.slug})
            ),
        }
        for category in rows
    ]
