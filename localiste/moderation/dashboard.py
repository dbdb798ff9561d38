"""The operators' dashboard: read-only figures on listings, moderation and searches.

Each figure is a `Figure`: a caption, the columns and rows of its data table, and which
columns its chart draws. The page shows the chart beside the table, the CSV download is the
same rows: one query per figure, the same numbers everywhere. ORM aggregation only (weeks
with TruncWeek), so SQLite and PostgreSQL count alike.

Searches are counted by folded query ("Bijoux", "bijoux" and "bijoux " are one) and, like the
demand map's cells, shown only from DEMAND_MIN_SEARCHES searches upwards: a query typed by
one or two people could say who they are.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf, TruncWeek
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.catalog.models import Category
from localiste.makers.models import Maker
from localiste.metrics.models import SearchLog
from localiste.moderation.figure_cache import Computed, figure_computed
from localiste.moderation.models import Decision, ItemKind

WEEKS = 12
SEARCH_DAYS = 30
TOP = 20
FEW_RESULTS = 2  # "few results": at most this many makers found
DECISIONS = (Decision.Action.APPROVED, Decision.Action.CHANGES_REQUESTED, Decision.Action.REFUSED)


@dataclass(frozen=True)
class Figure:
    """One figure of the dashboard: a chart and its data table (and CSV file)."""

    slug: str
    title: str
    columns: list[str]  # the first one labels the rows
    rows: list[tuple]
    chart: str = "bar"  # "bar", "hbar" (horizontal bars) or "line"
    plotted: tuple[int, ...] = (1,)  # the columns the chart draws
    summary: str = ""  # a sentence under the table
    empty: str = field(default_factory=lambda: _("Nothing to count yet."))

    @property
    def has_data(self) -> bool:
        """Whether the chart would draw anything (not only zeros and gaps)."""
        return any(row[column] for row in self.rows for column in self.plotted)


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _weeks(now: datetime.datetime) -> list[datetime.date]:
    """The Mondays of the last WEEKS weeks (this one last), in the site's time zone."""
    this_week = _monday(timezone.localdate(now))
    return [this_week - datetime.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _per_week(queryset, field_name: str, *, since: datetime.date) -> dict[datetime.date, int]:
    """{monday: rows of `queryset` whose `field_name` falls in that week} from `since` on."""
    rows = (
        queryset.filter(**{f"{field_name}__gte": _start_of(since)})
        .annotate(week=TruncWeek(field_name))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[datetime.date, int] = {}
    for row in rows:
        week = row["week"]
        week = timezone.localtime(week).date() if isinstance(week, datetime.datetime) else week
        counts[week] = counts.get(week, 0) + row["count"]
    return counts


def _submissions():
    """Audit entries of listings sent for review (by their team, each time)."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Maker),
        additional_data__action="maker.submit",
    )


# --- listings -----------------------------------------------------------------------------


def makers_by_status(*, now: datetime.datetime) -> Figure:
    counts = dict(Maker.objects.values_list("status").annotate(count=Count("pk")).order_by())
    rows = [(str(capfirst(label)), counts.get(value, 0)) for value, label in Maker.Status.choices]
    return Figure(
        "status", _("Listings by status"), [_("Status"), _("Listings")], rows, chart="hbar"
    )


def makers_by_category(*, now: datetime.datetime) -> Figure:
    """Published listings by top-level category of their main category."""
    top = Case(
        When(primary_category__depth=1, then=F("primary_category_id")),
        When(primary_category__depth=2, then=F("primary_category__parent_id")),
        default=F("primary_category__parent__parent_id"),
        output_field=IntegerField(),
    )
    counts = dict(
        Maker.objects.filter(status=Maker.Status.PUBLISHED)
        .annotate(top=top)
        .values_list("top")
        .annotate(count=Count("pk"))
        .order_by()
    )
    names = {c.pk: c.name for c in Category.objects.filter(depth=1)}
    rows = sorted(
        (
            (names.get(pk, _("No category")) if pk else _("No category"), n)
            for pk, n in counts.items()
        ),
        key=lambda row: (-row[1], row[0]),
    )
    return Figure(
        "categories",
        _("Published listings by category"),
        [_("Category"), _("Listings")],
        rows,
        chart="hbar",
    )


def makers_by_commune(*, now: datetime.datetime) -> Figure:
    """The TOP communes by published listings: by gazetteer place (two "Saint-Denis" are two
    rows, each with its département), else by the town typed."""
    typed = Case(
        When(place__isnull=True, then=NullIf("locality", Value(""))),
        output_field=CharField(),
    )
    rows = (
        Maker.objects.filter(status=Maker.Status.PUBLISHED)
        .annotate(typed=typed)
        .values_list("place_id", "place__name", "place__department_code", "typed")
        .annotate(count=Count("pk"))
        .order_by("-count", Coalesce("place__name", "typed"), "place__department_code")[:TOP]
    )
    return Figure(
        "communes",
        _("Published listings by town (top %(count)d)") % {"count": TOP},
        [_("Town"), _("Listings")],
        [(_town(name, department, typed), count) for _pk, name, department, typed, count in rows],
        chart="hbar",
    )


def _town(name: str | None, department: str | None, typed: str | None) -> str:
    if name:
        return f"{name} ({department})" if department else name
    return typed or _("Unknown town")


def activity_per_week(*, now: datetime.datetime) -> Figure:
    """Sign-ups, submissions (each sending for review) and first publications per week."""
    weeks = _weeks(now)
    signups = _per_week(get_user_model().objects.all(), "date_joined", since=weeks[0])
    submissions = _per_week(_submissions(), "timestamp", since=weeks[0])
    publications = _per_week(Maker.objects.all(), "published_at", since=weeks[0])
    rows = [
        (week, signups.get(week, 0), submissions.get(week, 0), publications.get(week, 0))
        for week in weeks
    ]
    return Figure(
        "activity",
        _("Sign-ups, submissions and publications per week"),
        [_("Week of"), _("Sign-ups"), _("Listings submitted"), _("Listings published")],
        rows,
        chart="line",
        plotted=(1, 2, 3),
        summary=_(
            "A listing sent back and submitted again counts each time; a listing counts as "
            "published in the week it was first published."
        ),
    )


def _percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of the sorted `values` (0.9: the p90)."""
    return values[max(0, math.ceil(share * len(values)) - 1)]


def moderation_delays(*, now: datetime.datetime) -> Figure:
    """How long new listings waited for a decision, by week of the decision.

    The wait runs from the submission the decision answered (the last one before it, from
    the audit log; else the listing's submission date) to the decision.
    """
    weeks = _weeks(now)
    submitted = (
        _submissions()
        .filter(object_id=OuterRef("maker_id"), timestamp__lte=OuterRef("created_at"))
        .order_by("-timestamp")
        .values("timestamp")[:1]
    )
    decisions = (
        Decision.objects.filter(
            kind=ItemKind.LISTING,
            action__in=DECISIONS,
            maker__isnull=False,
            created_at__gte=_start_of(weeks[0]),
        )
        .annotate(
            submitted=Coalesce(
                Subquery(submitted),
                Case(When(maker__submitted_at__lte=F("created_at"), then="maker__submitted_at")),
            )
        )
        .filter(submitted__isnull=False)
        .values_list("created_at", "submitted")
        .order_by()
    )
    hours_by_week: dict[datetime.date, list[float]] = {week: [] for week in weeks}
    every: list[float] = []
    for decided, sent in decisions:
        hours = (decided - sent).total_seconds() / 3600
        hours_by_week.setdefault(_monday(timezone.localdate(decided)), []).append(hours)
        every.append(hours)
    rows = []
    for week in weeks:
        hours = sorted(hours_by_week[week])
        if hours:
            rows.append(
                (
                    week,
                    len(hours),
                    round(statistics.median(hours), 1),
                    round(_percentile(hours, 0.9), 1),
                )
            )
        else:
            rows.append((week, 0, None, None))
    summary = ""
    if every:
        every.sort()
        counted = ngettext("%(count)d decision", "%(count)d decisions", len(every)) % {
            "count": len(every)
        }
        summary = _(
            "Over these %(weeks)d weeks: %(decisions)s, median %(median)s h, "
            "90th percentile %(p90)s h."
        ) % {
            "weeks": WEEKS,
            "decisions": counted,
            "median": round(statistics.median(every), 1),
            "p90": round(_percentile(every, 0.9), 1),
        }
    return Figure(
        "delays",
        _("Moderation delays per week (hours from submission to decision)"),
        [_("Week of"), _("Decisions"), _("Median (hours)"), _("90th percentile (hours)")],
        rows,
        plotted=(2, 3),
        summary=summary,
    )


# --- searches -----------------------------------------------------------------------------


def _searches(now: datetime.datetime):
    since = now - datetime.timedelta(days=SEARCH_DAYS)
    return SearchLog.objects.filter(created_at__gte=since).exclude(query_folded="")


def top_searches(*, now: datetime.datetime) -> Figure:
    rows = list(
        _searches(now)
        .values_list("query_folded")
        .annotate(count=Count("pk"), unmet=Count("pk", filter=Q(result_count=0)))
        .filter(count__gte=settings.DEMAND_MIN_SEARCHES)
        .order_by("-count", "query_folded")[:TOP]
    )
    return Figure(
        "searches",
        _("Top searches of the last %(days)d days") % {"days": SEARCH_DAYS},
        [_("Search"), _("Searches"), _("Found nothing")],
        rows,
        chart="hbar",
        plotted=(1, 2),
        summary=_searches_note(),
    )


def searches_unmet(*, now: datetime.datetime) -> Figure:
    rows = list(
        _searches(now)
        .filter(result_count__lte=FEW_RESULTS)
        .values_list("query_folded")
        .annotate(count=Count("pk"), most=Max("result_count"))
        .filter(count__gte=settings.DEMAND_MIN_SEARCHES)
        .order_by("-count", "query_folded")[:TOP]
    )
    return Figure(
        "unmet",
        _("Searches that found %(few)d makers or fewer, last %(days)d days")
        % {"few": FEW_RESULTS, "days": SEARCH_DAYS},
        [_("Search"), _("Searches"), _("Most makers found")],
        rows,
        chart="hbar",
        summary=_searches_note(),
    )


def _searches_note() -> str:
    return _(
        "Searches with words, counted whatever their accents and capitals; a search made "
        "fewer than %(min)d times is left out, so that nobody's own searches can be told."
    ) % {"min": settings.DEMAND_MIN_SEARCHES}


FIGURES: dict[str, Callable[..., Figure]] = {
    "status": makers_by_status,
    "categories": makers_by_category,
    "communes": makers_by_commune,
    "activity": activity_per_week,
    "delays": moderation_delays,
    "searches": top_searches,
    "unmet": searches_unmet,
}


def dashboard_figure(*, slug: str) -> Computed[Figure] | None:
    """The figure `slug` as computed at most FIGURES_CACHE_SECONDS ago, or None for an
    unknown one: the page, the chart and the CSV file of a figure show the same numbers."""
    make = FIGURES.get(slug)
    if make is None:
        return None
    return figure_computed(name=f"dashboard.{slug}", compute=lambda: make(now=timezone.now()))


def dashboard_figures() -> list[Computed[Figure]]:
    """Every figure of the dashboard, in its order (see `dashboard_figure`)."""
    return [dashboard_figure(slug=slug) for slug in FIGURES]
