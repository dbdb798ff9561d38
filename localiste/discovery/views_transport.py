"""The page that explains the estimate of transport avoided: method, figures, limits, sources."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from localiste.catalog.origins import category_origin_rows
from localiste.makers.transport import round_significant


@require_safe
def transport_method(request):
    """The method, with the typical distance of each category as the operators set it."""
    rows = [
        {
            "category": row.category,
            "is_override": row.is_override,
            # As rounded as everywhere else: a figure typed to the kilometre is no more exact.
            "km": round_significant(row.km) if row.km else None,
        }
        for row in category_origin_rows()
    ]
    return render(request, "discovery/transport_method.html", {"rows": rows})
