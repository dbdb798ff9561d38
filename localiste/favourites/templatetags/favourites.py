"""The heart buttons' state and assets, read once per request whatever the number of cards."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from localiste.favourites.selectors import browser_favourites, visitor_favourite_slugs

register = template.Library()


@register.simple_tag(takes_context=True)
def is_favourite(context, maker) -> bool:
    """Whether the visitor keeps `maker` in their favourites (False without a request)."""
    request = context.get("request")
    return request is not None and maker.slug in visitor_favourite_slugs(request)


@register.simple_tag(takes_context=True)
def favourite_cookie_slug(context, maker) -> str:
    """The old slug under which an anonymous visitor's cookie still keeps `maker` (renamed or
    merged since), or "": favourites.js matches the button on it."""
    request = context.get("request")
    if request is None or request.user.is_authenticated:
        return ""
    return browser_favourites(request).as_written.get(maker.slug, "")


@register.simple_tag(takes_context=True)
def favourites_assets(context) -> str:
    """The stylesheet and script of the heart buttons, the first time a page asks for them."""
    request = context.get("request")
    if request is None or getattr(request, "_favourites_assets", False):
        return ""
    request._favourites_assets = True
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}" data-state-url="{}" defer></script>',
        static("css/favourites.css"),
        static("js/favourites.js"),
        reverse("favourites:state"),
    )
