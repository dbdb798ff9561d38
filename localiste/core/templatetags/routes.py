"""URL helpers for templates: links to pages that may not exist yet, the page in other languages."""

from urllib.parse import urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import override

from localiste.core.site_url import absolute_url

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """The URL of the view `name`, or "" when this installation has no such page (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _translate(request, url: str, language: str) -> str:
    """`url` (of the current page) in `language`, like translate_url but without resolving it again.

    The request's own resolver match names the view; pages without one (404) fall back on
    translate_url.
    """
    match = request.resolver_match
    if match is None:
        return translate_url(url, language)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(language):
        try:
            path = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return url
    return urlunsplit(urlsplit(url)._replace(path=path))


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[tuple[str, str]]:
    """[(language code, absolute URL of the current page in that language)] for hreflang links."""
    request = context.get("request")
    if request is None:
        return []
    url = absolute_url(request, request.path)
    return [(code, _translate(request, url, code)) for code, _name in settings.LANGUAGES]


@register.simple_tag(takes_context=True)
def default_language_path(context) -> str:
    """The current path and query in the default language (unprefixed), for set_language's `next`.

    set_language runs in the default language (its URL is outside i18n_patterns), so it can
    translate an unprefixed path to any language but cannot resolve a prefixed one.
    """
    request = context.get("request")
    if request is None:
        return "/"
    return _translate(request, request.get_full_path(), settings.LANGUAGE_CODE)
