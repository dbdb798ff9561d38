"""The operators' own pages (about, legal notice, privacy, ranking)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from localiste.content.selectors import site_page_get


@require_safe
def page(request, slug):
    """A site page: its title and Markdown text in the active language."""
    return render(request, "content/page.html", {"page": site_page_get(slug=slug)})
