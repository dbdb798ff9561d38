"""The widget partners put on their own sites (/embed/…), and the page that builds its snippet.

Widget pages may be framed by the sites the operators allow (any site by default, see
`framing`): they send that `frame-ancestors` and no X-Frame-Options, while every other page
keeps refusing to be framed.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from localiste.core.site_url import absolute_url
from localiste.places.points import point_from_place_text
from localiste.sharing.forms import EmbedBuilderForm, EmbedFilterForm
from localiste.sharing.framing import embed_framing, framing_is_limited
from localiste.sharing.selectors import EMBED_SIZE, makers_near, makers_newest_of


def _widget(request, template: str):
    """The widget's page: what it can read of its parameters filters (AND), what it cannot is
    named at the top (status 200 all the same: the visitor of the partner's page sees the
    message and the makers the other parameters ask for, not an error page)."""
    form = EmbedFilterForm(request.GET)
    form.is_valid()  # cleaned_data then holds every parameter that could be read
    filters = form.cleaned_data
    notices = form.ignored
    reading = point_from_place_text(filters.get("lieu", ""))
    if not reading.error:
        notices = form.adjustments + notices
    else:
        notices.append(
            _("We do not know the town “%(value)s”: makers of every town are shown.")
            % {"value": filters["lieu"]}
        )
    radius_km = filters.get("rayon")
    wanted = {
        "territory": filters.get("territoire"),
        "category": filters.get("categorie"),
        "label": filters.get("label"),
    }
    if reading.has_point and radius_km is not None:
        makers = makers_near(
            latitude=reading.latitude,
            longitude=reading.longitude,
            radius_km=radius_km,
            limit=EMBED_SIZE,
            **wanted,
        )
    else:
        makers = makers_newest_of(place=reading.place, limit=EMBED_SIZE, **wanted)
    return render(
        request,
        template,
        {
            "makers": makers,
            "notices": notices,
            "distance_from": {"place": reading.place},
        },
    )


@require_safe
@embed_framing
@cache_control(public=True, max_age=600)
def embed_list(request):
    """The newest makers matching the parameters (the nearest, with a distance), as a light
    list linking to their pages."""
    return _widget(request, "sharing/embed_list.html")


@require_safe
@embed_framing
@cache_control(public=True, max_age=600)
def embed_map(request):
    """The same makers on a map (Leaflet), with the list for those without JavaScript."""
    return _widget(request, "sharing/embed_map.html")


def snippet_query(data: dict) -> dict[str, str]:
    """The widget's URL parameters for the builder's cleaned `data` (empty ones left out)."""
    query = {
        "territoire": data["territoire"].slug if data["territoire"] else "",
        "categorie": data["categorie"].slug if data["categorie"] else "",
        "label": data["label"].slug if data["label"] else "",
        "lieu": data["lieu"],
        "rayon": str(data["rayon"]) if data["rayon"] is not None else "",
    }
    return {name: value for name, value in query.items() if value}


@require_safe
def embed_builder(request):
    """ "Embed on your site": choose what to show, get the <iframe> snippet and a preview."""
    form = EmbedBuilderForm(request.GET or None)
    snippet = preview_url = ""
    height = 600
    if form.is_valid():
        data = form.cleaned_data
        query = snippet_query(data)
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
        {
            "form": form,
            "snippet": snippet,
            "preview_url": preview_url,
            "height": height,
            "framing_limited": framing_is_limited(),
            "contact_email": settings.SITE_CONTACT_EMAIL,
        },
    )
