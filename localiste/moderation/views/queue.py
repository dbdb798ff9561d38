"""The desk's home: the queue, oldest first, filtered by kind and territory, beside the
dashboard."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from localiste.core.params import int_param
from localiste.moderation.models import ItemKind
from localiste.moderation.queue import dashboard, queue_page
from localiste.moderation.selectors import scope_territories
from localiste.moderation.views.common import desk_view


@desk_view
@require_safe
def queue(request):
    """What waits for the operators, oldest first; filters `type`, `territoire`, `page`."""
    scope = request.desk
    kind = request.GET.get("type") or None
    if kind not in ItemKind.values:
        kind = None
    territories = list(scope_territories(scope))
    territory_id = int_param(request.GET.get("territoire"))
    if territory_id not in {territory.pk for territory in territories}:
        territory_id = None
    page = queue_page(
        scope=scope,
        kind=kind,
        territory_id=territory_id,
        page=int_param(request.GET.get("page")) or 1,
    )
    counts = page.counts if territory_id is None else None
    for territory in territories:
        territory.open_items = page.territory_counts.get(territory.pk, 0)
    return render(
        request,
        "moderation/queue.html",
        {
            "page": page,
            "kinds": [(value, label, page.counts[value]) for value, label in ItemKind.choices],
            "territories": territories,
            "dashboard": dashboard(scope=scope, counts=counts),
            "overdue_days": settings.MODERATION_OVERDUE_DAYS,
            "scope": scope,
        },
    )
