"""The published makers as the exports write them: what their public page shows, nothing more.

One `PublicMaker` per published maker, read in keyset-paginated batches (a fixed number of
queries per batch, memory flat at a million makers). Which fields are public is decided
here and only here; every format is written from these values, so a private field can only
reach a file by being added to this module. Never exported: the contact email (customers'
messages are relayed to it), the legal identifiers, the team and its accounts, and the
street of a maker who shows their town only, whose position is blurred exactly as the
public API blurs it.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Max, Sum
from django.urls import reverse
from django.utils import timezone

from localiste.catalog.models import Category, Label
from localiste.makers.models import Maker, MakerCategory, OpeningPeriod, Source
from localiste.makers.models.maker import status_unindexed
from localiste.makers.models.service_offers import SERVICE_FIELDS, SERVICES
from localiste.makers.models.workshop import WorkshopAccess

BATCH = 2000
# Bumped when the files' columns or shapes change, so that a deployment rewrites them.
EXPORT_VERSION = 2  # 2: by_appointment and the visit of the workshop (payments, languages, access)
LIST_SEPARATOR = ";"
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
# A slug never contains this, so the maker page's address is built once, not per maker.
_SLUG_MARK = "opendata-slug-mark"
_MAKER_FIELDS = (
    "id", "slug", "name", "tagline", "founded_year", "street", "postcode", "locality",
    "country", "latitude", "longitude", "location_precision", "phone", "website", "shop_url",
    "instagram_url", "facebook_url", "hours_note", "published_at", "source", "place",
    "primary_category", *SERVICE_FIELDS, "payment_methods", "languages_spoken",
    "workshop_access", "workshop_access_note",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PublicMaker:
    """A published maker's public values (`values`, keyed as the Table Schema's columns,
    lists as lists) and its opening periods (weekday, opens, closes)."""

    values: dict[str, Any]
    periods: tuple[tuple[int, time, time], ...]
    source_id: int | None


@dataclass(frozen=True)
class _Names:
    """What many makers share, read once per export: category names (with their position),
    label names, source names in the active language, and the makers' page addresses."""

    categories: dict[int, tuple[int, str]]
    labels: dict[int, str]
    sources: dict[int, str]
    page_root: str
    page_suffix: str

    @classmethod
    def load(cls) -> _Names:
        prefix, suffix = reverse("makers:detail", kwargs={"slug": _SLUG_MARK}).split(_SLUG_MARK)
        return cls(
            categories={
                category.pk: (category.position, _one_item(category.name))
                for category in Category.objects.only("position", "name_fr", "name_en")
            },
            labels={
                label.pk: _one_item(label.name)
                for label in Label.objects.only("name_fr", "name_en")
            },
            sources=dict(Source.objects.values_list("id", "name")),
            page_root=settings.SITE_URL + prefix,
            page_suffix=suffix,
        )

    def page_url(self, slug: str) -> str:
        return f"{self.page_root}{slug}{self.page_suffix}"


def published_makers() -> Iterator[PublicMaker]:
    """Every published maker, by id, as `PublicMaker`s; call under the site's language."""
    names = _Names.load()
    # Each batch is then one range of the primary key, instead of every published maker
    # sorted again.
    queryset = (
        Maker.objects.filter(status_unindexed(Maker.Status.PUBLISHED))
        .annotate(place_name=F("place__name"))
        .select_related("place")  # the commune's centre for a town-only maker (public_point)
        .only(*_MAKER_FIELDS, "place__latitude", "place__longitude", "place__name")
        .order_by("pk")
    )
    last_id = 0
    while True:
        # Keyset pagination: each batch starts from the primary key index, never an OFFSET.
        batch = list(queryset.filter(pk__gt=last_id)[:BATCH])
        if not batch:
            return
        last_id = batch[-1].pk
        yield from _public_batch(batch, names)


def published_makers_fingerprint() -> str:
    """A digest that changes whenever the exported files would: a published listing added,
    edited (its `updated_at` or its version, which hours and places to buy move), withdrawn
    or deleted, a category, label or source renamed, or the export's own settings."""
    makers = Maker.objects.filter(status=Maker.Status.PUBLISHED).aggregate(
        count=Count("id"), updated=Max("updated_at"), versions=Sum("version"), last=Max("id")
    )
    state = {
        "version": EXPORT_VERSION,
        "makers": makers,
        "categories": list(Category.objects.order_by("pk").values_list("pk", "name_fr", "name_en")),
        "labels": list(Label.objects.order_by("pk").values_list("pk", "name_fr", "name_en")),
        "sources": list(
            Source.objects.order_by("pk").values_list("pk", "name", "updated_at", "share_alike")
        ),
        "licence": settings.OPENDATA_LICENCE,
        "site_url": settings.SITE_URL,
        "language": settings.LANGUAGE_CODE,
    }
    encoded = json.dumps(state, default=str, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]


def _public_batch(batch: Sequence[Maker], names: _Names) -> Iterator[PublicMaker]:
    ids = [maker.pk for maker in batch]
    categories = _links(MakerCategory.objects.filter(is_direct=True), "category_id", ids)
    through = Maker._meta.get_field("labels").remote_field.through
    labels = _links(through.objects.all(), "label_id", ids)
    periods = _opening_periods(ids)
    for maker in batch:
        own_periods = tuple(periods.get(maker.pk, ()))
        yield PublicMaker(
            values=_public_values(
                maker,
                names=names,
                category_ids=categories.get(maker.pk, []),
                label_ids=labels.get(maker.pk, []),
                periods=own_periods,
            ),
            periods=own_periods,
            source_id=maker.source_id,
        )


def _public_values(
    maker: Maker, *, names: _Names, category_ids: list[int], label_ids: list[int], periods
) -> dict[str, Any]:
    """The columns of one maker: the public API's fields, with the same blurring."""
    latitude, longitude = maker.public_point or (None, None)
    primary_id = maker.primary_category_id
    ordered = sorted(
        {primary_id, *category_ids},
        key=lambda pk: (pk != primary_id, *names.categories.get(pk, (0, ""))),
    )
    published_on = timezone.localtime(maker.published_at).date() if maker.published_at else None
    return {
        "slug": maker.slug,
        "name": maker.name,
        "url": names.page_url(maker.slug),
        "tagline": maker.tagline,
        "primary_category": names.categories[primary_id][1],
        "categories": [names.categories[pk][1] for pk in ordered if pk in names.categories],
        "labels": sorted(names.labels[pk] for pk in label_ids if pk in names.labels),
        "street": maker.street if maker.shows_exact_address else "",
        "postcode": maker.postcode,
        "locality": maker.place_name if maker.place_id else maker.locality,
        "country": maker.country,
        "latitude": latitude,
        "longitude": longitude,
        "location_precision": maker.location_precision,
        "phone": maker.phone,
        "website": maker.website,
        "shop_url": maker.shop_url,
        "instagram_url": maker.instagram_url,
        "facebook_url": maker.facebook_url,
        **{code: getattr(maker, service.field) for code, service in SERVICES.items()},
        "opening_hours": osm_opening_hours(periods),
        "hours_note": maker.hours_note,
        "payment_methods": list(maker.payment_methods or []),
        "languages_spoken": list(maker.languages_spoken or []),
        "workshop_access": maker.workshop_access or WorkshopAccess.UNKNOWN,
        "workshop_access_note": maker.workshop_access_note,
        "founded_year": maker.founded_year,
        "published_on": published_on.isoformat() if published_on else None,
        "source": names.sources.get(maker.source_id, "") if maker.source_id else "",
    }


def osm_opening_hours(periods) -> str:
    """(weekday, opens, closes) periods in OpenStreetMap's syntax: "Tu 09:00-12:30; Sa …"."""
    by_day: dict[int, list[str]] = defaultdict(list)
    for weekday, opens, closes in periods:
        by_day[weekday].append(f"{opens:%H:%M}-{closes:%H:%M}")
    return "; ".join(f"{OSM_DAYS[day]} {','.join(by_day[day])}" for day in sorted(by_day))


def _links(queryset, column: str, ids: list[int]) -> dict[int, list[int]]:
    """The ids in `column` of the rows of `queryset` that point at each maker of `ids`."""
    found: dict[int, list[int]] = defaultdict(list)
    for maker_id, other_id in queryset.filter(maker_id__in=ids).values_list("maker_id", column):
        found[maker_id].append(other_id)
    return found


def _opening_periods(ids: list[int]) -> dict[int, list[tuple[int, time, time]]]:
    found: dict[int, list[tuple[int, time, time]]] = defaultdict(list)
    rows = (
        OpeningPeriod.objects.filter(maker_id__in=ids)
        .order_by("maker_id", "weekday", "opens")
        .values_list("maker_id", "weekday", "opens", "closes")
    )
    for maker_id, weekday, opens, closes in rows:
        found[maker_id].append((weekday, opens, closes))
    return found


def _one_item(name: str) -> str:
    """A name that cannot be mistaken for two items of a list cell."""
    return name.replace(LIST_SEPARATOR, ",").strip()
