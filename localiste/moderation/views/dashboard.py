"""The operators' dashboard: charts beside their data tables, each also a CSV file."""

from __future__ import annotations

import csv
import datetime
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.views.decorators.http import require_safe

from localiste.moderation.dashboard import Figure, dashboard_figure, dashboard_figures
from localiste.moderation.dashboard_charts import chart_size, figure_svg
from localiste.moderation.figure_cache import FIGURES_CACHE_SECONDS
from localiste.moderation.views.common import desk_view

# An SVG shown as an image runs nothing; its own styles are all it may use.
CHART_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
# A spreadsheet runs a cell starting with one of these as a formula; the queries in the CSV
# files were typed by anonymous visitors.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def operator_view(view):
    """A page of the site's operators (staff): a territory moderator gets a 403."""

    @desk_view
    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.desk.is_operator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _figure(slug: str) -> Figure:
    computed = dashboard_figure(slug=slug)
    if computed is None:
        raise Http404
    return computed.value


@operator_view
def dashboard(request):
    computed = dashboard_figures()
    context = {
        "charts": [
            {"figure": figure.value, "size": chart_size(figure.value)} for figure in computed
        ],
        "computed_at": min(figure.computed_at for figure in computed),
        "cache_minutes": FIGURES_CACHE_SECONDS // 60,
    }
    return render(request, "moderation/dashboard.html", context)


@operator_view
def dashboard_chart(request, slug):
    response = HttpResponse(figure_svg(_figure(slug)), content_type="image/svg+xml")
    response["Content-Security-Policy"] = CHART_POLICY
    response["Cache-Control"] = "private, max-age=60"
    return response


def csv_value(value) -> str:
    """`value` as a CSV cell: a date in ISO, text that a spreadsheet would run as a formula
    behind an apostrophe ("'=HYPERLINK(…)"), which shows it as typed."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, str | Promise) and str(value).startswith(FORMULA_STARTS):
        return f"'{value}"
    return str(value)


def csv_response(*, name: str, columns, rows) -> HttpResponse:
    """`rows` under `columns` as a UTF-8 CSV download named `name`-<today>.csv."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # no copy left in a cache on the way
    writer = csv.writer(response)
    writer.writerow([str(column) for column in columns])
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
    return response


@operator_view
def dashboard_csv(request, slug):
    figure = _figure(slug)
    return csv_response(name=f"dashboard-{slug}", columns=figure.columns, rows=figure.rows)
