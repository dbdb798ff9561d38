"""The widget partners put on their own sites (/embed/…), and the page that builds its snippet.

Widget pages may be framed by any site: they send `frame-ancestors *` and no
X-Frame-Options, while every other page keeps refusing to be framed.
"""

from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from localiste.core.middleware import ContentSecurityPolicyMiddleware
from localiste.core.site_url import absolute_url
from localiste.sharing.forms import EmbedBuilderForm, EmbedFilterForm
from localiste.sharing.selectors import EMBED_SIZE, makers_newest_of, place_find


@cache
def embed_policy() -> str:
    """The site's Content-Security-Policy, except that any site may frame the page."""
    policy = ContentSecurityPolicyMiddleware(lambda request: None).policy
    return policy.replace("frame-ancestors 'none'", "frame-ancestors *")


def _widget(request, template: str):
    form = EmbedFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    place = place_find(text=filters.get("lieu", ""))
    makers = makers_newest_of(
        territory=filters.get("territoire"),
        category=filters.get("categorie"),
        place=place,
        limit=EMBED_SIZE,
    )
    query = {name: request.GET[name] for name in form.fields if request.GET.get(name)}
    response = render(
        request,
        template,
        {
            "makers": makers,
            "filters": filters,
            "place": place,
            "unknown_place": bool(filters.get("lieu")) and place is None,
            "list_url": reverse("sharing:embed_list") + (f"?{urlencode(query)}" if query else ""),
        },
    )
    response["Content-Security-Policy"] = embed_policy()
    return response


@require_safe
@xframe_options_exempt
@cache_control(public=True, max_age=600)
def embed_list(request):
    """The newest makers matching the parameters, as a light list linking to their pages."""
    return _widget(request, "sharing/embed_list.html")


@require_safe
@xframe_options_exempt
@cache_control(public=True, max_age=600)
def embed_map(request):
    """The same makers on a map (Leaflet), with the list for those without JavaScript."""
    return _widget(request, "sharing/embed_map.html")


@require_safe
def embed_builder(request):
    """ "Embed on your site": choose what to show, get the <iframe> snippet and a preview."""
    form = EmbedBuilderForm(request.GET or None)
    snippet = preview_url = ""
    height = 600
    if form.is_valid():
        data = form.cleaned_data
        query = {
            "territoire": data["territoire"].slug if data["territoire"] else "",
            "categorie": data["categorie"].slug if data["categorie"] else "",
            "lieu": data["lieu"],
        }
        query = {name: value for name, value in query.items() if value}
        name = "sharing:embed_map" if data["kind"] == "carte" else "sharing:embed_list"
        preview_url = reverse(name) + (f"?{urlencode(query)}" if query else "")
        height = data["height"]
        snippet = format_html(
            '<iframe src="{}" title="{}" width="100%" height="{}" style="border:0" '
            'loading="lazy"></iframe>',
            absolute_url(request, preview_url),
            _("Local makers · %(site)s") % {"site": settings.SITE_NAME},
            height,
        )
    return render(
        request,
        "sharing/embed_builder.html",
        {"form": form, "snippet": snippet, "preview_url": preview_url, "height": height},
    )
