"""The demand map: the communes and queries searched often, and how much they found."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from localiste.core.templatetags.elision import of_place
from localiste.moderation.demand import (
    DEFAULT_PERIOD,
    PERIODS,
    DemandCell,
    demand_cells_computed,
    demand_map_points,
)
from localiste.moderation.figure_cache import FIGURES_CACHE_SECONDS
from localiste.moderation.views.dashboard import csv_response, operator_view


def period_choices() -> list[tuple[int, str]]:
    """The periods offered, named in the language of the request (a callable: read per form)."""
    return [(days, _("last %(days)d days") % {"days": days}) for days in PERIODS]


class PeriodForm(forms.Form):
    periode = forms.TypedChoiceField(
        label=gettext_lazy("Period"), coerce=int, choices=period_choices
    )


def cell_sentence(cell: DemandCell) -> str:
    """“bijoux near Libourne: 37 searches, at most 0 makers found”."""
    searches = ngettext("%(count)d search", "%(count)d searches", cell.searches) % {
        "count": cell.searches
    }
    found = ngettext(
        "at most %(count)d maker found", "at most %(count)d makers found", cell.most_found
    ) % {"count": cell.most_found}
    # French joins "près de" to the name: "près d’Arcachon" (core.templatetags.elision).
    return _("%(query)s near %(of_place)s: %(searches)s, %(found)s") % {
        "query": cell.query,
        "of_place": of_place(cell.place_name),
        "searches": searches,
        "found": found,
    }


def _period(request) -> tuple[PeriodForm, int | None]:
    """The period asked for (DEFAULT_PERIOD without one), or None when it is not one of ours."""
    form = PeriodForm(request.GET if "periode" in request.GET else {"periode": DEFAULT_PERIOD})
    return form, form.cleaned_data["periode"] if form.is_valid() else None


def _page(request, form: PeriodForm, days: int | None):
    computed = demand_cells_computed(days=days) if days else None
    cells = computed.value if computed else []
    context = {
        "form": form,
        "days": days,
        "cells": cells,
        "computed_at": computed.computed_at if computed else None,
        "cache_minutes": FIGURES_CACHE_SECONDS // 60,
        "points": demand_map_points(cells, describe=cell_sentence),
        "minimum": settings.DEMAND_MIN_SEARCHES,
    }
    return render(request, "moderation/demand.html", context, status=200 if days else 400)


@operator_view
def demand(request):
    form, days = _period(request)
    return _page(request, form, days)


@operator_view
def demand_csv(request):
    form, days = _period(request)
    if not days:
        return _page(request, form, days)
    columns = [_("Town"), _("Département"), _("Search"), _("Searches"), _("Most makers found")]
    rows = [
        (c.place_name, c.department_code, c.query, c.searches, c.most_found)
        for c in demand_cells_computed(days=days).value
    ]
    return csv_response(name=f"demand-{days}-days", columns=columns, rows=rows)
