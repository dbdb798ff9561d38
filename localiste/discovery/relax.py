"""What to try when a search finds nothing: each suggestion is a link to a wider search."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from localiste.discovery.params import PAGE_NAMES, RADIUS_CHOICES, SERVICES, SearchRequest


@dataclass(frozen=True)
class Relaxation:
    label: str
    query_string: str


def _without(params: QueryDict, *keys: str, **changes: str) -> str:
    """`params` without the parameters of `keys` and the page, with `changes`, as a query
    string; `keys` and `changes` name parameters by their PAGE_NAMES keys ("radius")."""
    wider = params.copy()
    for key in (*keys, "page"):
        wider.pop(PAGE_NAMES[key], None)
    for key, value in changes.items():
        wider[PAGE_NAMES[key]] = value
    return wider.urlencode()


def _without_value(params: QueryDict, key: str, value: str) -> str:
    wider = params.copy()
    wider.pop(PAGE_NAMES["page"], None)
    name = PAGE_NAMES[key]
    values = [part for raw in wider.getlist(name) for part in raw.split(",") if part]
    wider.setlist(name, [part for part in values if part != value])
    return wider.urlencode()


def relaxations(request: SearchRequest, params: QueryDict) -> list[Relaxation]:
    """Links that widen `request`, most useful first: a wider radius, the parent category,
    then dropping one filter at a time."""
    found: list[Relaxation] = []
    query = request.query
    if query.has_point and request.radius_km and request.radius_km < RADIUS_CHOICES[-1]:
        wider = next(choice for choice in RADIUS_CHOICES if choice > request.radius_km)
        found.append(
            Relaxation(
                _("Search within %(radius)d km") % {"radius": wider},
                _without(params, radius=str(wider)),
            )
        )
    if request.category is not None:
        parent = request.category.parent
        if parent is not None:
            found.append(
                Relaxation(
                    _("Search all of “%(category)s”") % {"category": parent.name},
                    _without(params, category=parent.slug),
                )
            )
        else:
            found.append(
                Relaxation(
                    _("Search every category, not only “%(category)s”")
                    % {"category": request.category.name},
                    _without(params, "category"),
                )
            )
    for label in request.labels:
        found.append(
            Relaxation(
                _("Without the label “%(label)s”") % {"label": label.name},
                _without_value(params, "label", label.slug),
            )
        )
    for service in request.services:
        found.append(
            Relaxation(
                _("Without “%(service)s”") % {"service": SERVICES[service]},
                _without_value(params, "services", service),
            )
        )
    if request.open_now:
        found.append(Relaxation(_("Makers closed at the moment too"), _without(params, "open_now")))
    if request.territory is not None:
        found.append(
            Relaxation(
                _("Outside “%(territory)s” too") % {"territory": request.territory.name},
                _without(params, "territory"),
            )
        )
    if query.has_point and request.text:
        found.append(
            Relaxation(
                _("Search everywhere, at any distance"),
                _without(params, "place", "latitude", "longitude", "radius"),
            )
        )
    if request.text and (query.has_point or request.category):
        found.append(
            Relaxation(
                _("All makers matching these filters, whatever the words"), _without(params, "text")
            )
        )
    return found
