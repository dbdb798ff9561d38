"""Where and when to find a maker: opening hours and places to buy, and the practical step
of the maker space that saves them with the contact fields, under one version check."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from localiste.makers.audit import audit_record, audit_snapshot
from localiste.makers.models import Maker, OpeningPeriod, SalesPoint
from localiste.makers.services.editing import MakerUpdate, _claim_version, maker_update
from localiste.makers.services.indexing import search_index_once

# What a maker page lists at most (the maker space's forms offer as many lines).
MAX_OPENING_PERIODS = 28
MAX_SALES_POINTS = 20


@transaction.atomic
def maker_hours_set(
    *, maker: Maker, version: int, periods: Iterable[tuple[int, Any, Any]]
) -> list[OpeningPeriod]:
    """Replace the opening hours of `maker` with `periods` [(weekday, opens, closes)].

    Like an edit of the maker's fields, it moves the maker to its next version if it is
    still at `version` (the one the editor started from), else raises EditConflict.
    """
    _claim_version(maker=maker, version=version)
    return _hours_replace(maker=maker, periods=periods)


@transaction.atomic
def maker_sales_points_set(
    *, maker: Maker, version: int, sales_points: Iterable[Mapping[str, Any]]
) -> list[SalesPoint]:
    """Replace where else to buy the work of `maker` with `sales_points` (field dicts).

    Version check as `maker_hours_set`.
    """
    _claim_version(maker=maker, version=version)
    return _sales_points_replace(maker=maker, sales_points=sales_points)


@transaction.atomic
@search_index_once()
def maker_practical_update(
    *,
    maker: Maker,
    editor: AbstractBaseUser,
    version: int,
    fields: Mapping[str, Any],
    periods: Iterable[tuple[int, Any, Any]],
    sales_points: Iterable[Mapping[str, Any]],
) -> MakerUpdate:
    """The practical step of the maker space in one save: contact and services (`fields`),
    opening hours and places to buy, all under one version check (EditConflict)."""
    update = maker_update(maker=maker, editor=editor, version=version, fields=fields)
    _hours_replace(maker=update.maker, periods=periods, editor=editor)
    _sales_points_replace(maker=update.maker, sales_points=sales_points, editor=editor)
    return update


# What the history keeps of a place to buy.
SALES_POINT_FIELDS = ("kind", "name", "address", "locality", "url", "schedule")


def _hours_replace(
    *, maker: Maker, periods: Iterable[tuple[int, Any, Any]], editor: AbstractBaseUser | None = None
) -> list:
    rows = [
        OpeningPeriod(maker=maker, weekday=weekday, opens=opens, closes=closes)
        for weekday, opens, closes in periods
    ]
    if len(rows) > MAX_OPENING_PERIODS:
        raise ValidationError(
            ngettext(
                "Give %(num)d opening period at most.",
                "Give %(num)d opening periods at most.",
                MAX_OPENING_PERIODS,
            )
            % {"num": MAX_OPENING_PERIODS}
        )
    for row in rows:
        row.full_clean(exclude=["maker"])
    before = list(
        maker.opening_periods.order_by("weekday", "opens").values_list("weekday", "opens", "closes")
    )
    maker.opening_periods.all().delete()
    created = OpeningPeriod.objects.bulk_create(rows)
    after = sorted((row.weekday, row.opens, row.closes) for row in rows)
    audit_record(
        actor=editor,
        action="hours.set",
        target=maker,
        changes={"opening_hours": (before, after)},
    )
    return created


def _sales_points_replace(
    *,
    maker: Maker,
    sales_points: Iterable[Mapping[str, Any]],
    editor: AbstractBaseUser | None = None,
) -> list:
    rows = [
        SalesPoint(maker=maker, position=position, **values)
        for position, values in enumerate(sales_points)
    ]
    if len(rows) > MAX_SALES_POINTS:
        raise ValidationError(
            ngettext(
                "Give %(num)d place to buy at most.",
                "Give %(num)d places to buy at most.",
                MAX_SALES_POINTS,
            )
            % {"num": MAX_SALES_POINTS}
        )
    for row in rows:
        row.full_clean(exclude=["maker"])
    before = list(maker.sales_points.order_by("position", "id").values(*SALES_POINT_FIELDS))
    maker.sales_points.all().delete()
    created = SalesPoint.objects.bulk_create(rows)
    audit_record(
        actor=editor,
        action="sales_points.set",
        target=maker,
        changes={
            "sales_points": (before, [audit_snapshot(row, SALES_POINT_FIELDS) for row in rows])
        },
    )
    return created
