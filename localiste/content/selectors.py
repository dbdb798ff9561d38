"""Public reads of the operators' own pages."""

from django.shortcuts import get_object_or_404

from localiste.content.models import SitePage


def site_page_get(*, slug: str) -> SitePage:
    """The site page `slug` (about, legal notice…), or Http404."""
    return get_object_or_404(SitePage, slug=slug)
