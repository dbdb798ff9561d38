"""Template tags for sharing and search engines: canonical URL, JSON-LD, share links, images."""

import json
from urllib.parse import quote, urlencode

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from localiste.core.site_url import site_root
from localiste.sharing.structured_data import maker_json_ld, product_json_ld

register = template.Library()

# Query parameters that make another page of the same content (kept in the canonical URL).
CANONICAL_PARAMETERS = ("page",)


def _base_url(context) -> str:
    return site_root(context["request"])


@register.simple_tag(takes_context=True)
def absolute_uri(context, path: str) -> str:
    """`path` on the site's address (SITE_URL, else the request's; unchanged if absolute)."""
    if "://" in path:
        return path
    return _base_url(context) + path


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The current page's address without tracking or filter parameters (a page number stays)."""
    request = context.get("request")
    if request is None:
        return ""
    kept = [(name, request.GET[name]) for name in CANONICAL_PARAMETERS if request.GET.get(name)]
    kept = [(name, value) for name, value in kept if value != "1"]
    query = f"?{urlencode(kept)}" if kept else ""
    return _base_url(context) + request.path + query


def _script(data: dict):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Nothing in the data may close the script element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def maker_structured_data(context, maker):
    """<script type="application/ld+json"> describing `maker` as a schema.org LocalBusiness."""
    image = absolute_uri(context, maker_share_image_url(maker))
    return _script(maker_json_ld(maker, base_url=_base_url(context), image_url=image))


@register.simple_tag(takes_context=True)
def product_structured_data(context, product):
    """<script type="application/ld+json"> describing `product` (schema.org Product + Offer)."""
    images = [absolute_uri(context, photo.fallback_url) for photo in product.photo_list]
    return _script(product_json_ld(product, base_url=_base_url(context), image_urls=images))


@register.simple_tag
def maker_share_image_url(maker) -> str:
    """The URL of `maker`'s share image; its version changes with the maker's page."""
    url = reverse("sharing_root:maker_image", kwargs={"slug": maker.slug})
    return f"{url}?v={int(maker.updated_at.timestamp())}"


@register.inclusion_tag("sharing/includes/share_links.html", takes_context=True)
def share_links(context, title: str, path: str = "") -> dict:
    """Plain links to share the current page (or `path`) by email and on social networks."""
    request = context["request"]
    url = absolute_uri(context, path or request.path)
    text = f"{title} {url}"
    return {
        "url": url,
        "title": title,
        "links": [
            ("email", gettext("Email"), f"mailto:?subject={quote(title)}&body={quote(url)}"),
            ("whatsapp", "WhatsApp", f"https://wa.me/?text={quote(text)}"),
            ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={quote(url)}"),
            ("x", "X", f"https://x.com/intent/tweet?{urlencode({'url': url, 'text': title})}"),
            (
                "linkedin",
                "LinkedIn",
                f"https://www.linkedin.com/sharing/share-offsite/?url={quote(url)}",
            ),
            ("bluesky", "Bluesky", f"https://bsky.app/intent/compose?text={quote(text)}"),
            (
                "mastodon",
                "Mastodon",
                f"https://mastodonshare.com/?{urlencode({'text': title, 'url': url})}",
            ),
        ],
    }
