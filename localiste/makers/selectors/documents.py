"""The search documents of makers: one per published maker, built one by one or in bulk.

Registered as the "makers" source of the search engine (makers/apps.py), so that
`manage.py search_rebuild` and `search_check` know them.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import time

from django.db.models import Count

from localiste.catalog.models import Category
from localiste.makers.models import (
    PUBLIC_PRODUCTS,
    Maker,
    MakerCategory,
    OpeningPeriod,
    Photo,
    Product,
)
from localiste.makers.models.maker import public_point
from localiste.makers.models.service_offers import SERVICE_FIELDS, services_offered
from localiste.search.documents import SearchDocument

SOURCE = "makers"
BULK_BATCH = 5000
MAKER_FIELDS = (
    "id", "name", "tagline", "story", "know_how", "locality", "latitude", "longitude",
    "location_precision", "place__latitude", "place__longitude",
    "place_id", "published_at", "website", "shop_url", "phone", *SERVICE_FIELDS,
)  # fmt: skip


def _category_names() -> dict[int, str]:
    return {
        pk: f"{name_fr} {name_en}"
        for pk, name_fr, name_en in Category.objects.values_list("id", "name_fr", "name_en")
    }


def open_slots(periods: Iterable[tuple[int, time, time]]) -> tuple[int, ...]:
    """The half-hours of the week (weekday × 48 + hour × 2 + (minute ≥ 30)) lying wholly
    inside one of the (weekday, opens, closes) `periods`; closing at 23:59 means midnight."""
    slots = set()
    for weekday, opens, closes in periods:
        start = opens.hour * 60 + opens.minute
        end = 24 * 60 if closes >= time(23, 59) else closes.hour * 60 + closes.minute
        first = -(-start // 30)  # the first half-hour starting at or after opening
        slots.update(weekday * 48 + half for half in range(first, end // 30))
    return tuple(sorted(slot for slot in slots if 0 <= slot < 7 * 48))


def static_rank(*, maker: dict, products: int, photos: int, labels: int) -> float:
    """Completeness of a listing, 0–1: what a visitor finds on the page, never payment."""
    score = 0.15 * bool(maker["tagline"]) + 0.15 * bool(maker["story"])
    score += 0.1 * bool(maker["know_how"]) + 0.1 * min(products, 4) / 4
    score += 0.2 * min(photos, 3) / 3 + 0.1 * min(labels, 2) / 2
    score += 0.1 * bool(maker["website"] or maker["shop_url"]) + 0.1 * bool(maker["phone"])
    return round(min(1.0, score), 4)


def _public_point(maker: dict) -> tuple[float | None, float | None]:
    """Where maps and distances put the maker: never nearer than the public may see it."""
    if maker["latitude"] is None or maker["longitude"] is None:
        return None, None
    place = (maker["place__latitude"], maker["place__longitude"])
    return public_point(
        latitude=maker["latitude"],
        longitude=maker["longitude"],
        exact=maker["location_precision"] == Maker.Precision.EXACT,
        place_point=place if None not in place else None,
    )


def maker_documents(maker_ids: Sequence[int], names: dict[int, str] | None = None):
    """The SearchDocuments of the published makers among `maker_ids` (8 queries)."""
    names = names if names is not None else _category_names()
    makers = list(
        Maker.objects.filter(pk__in=maker_ids, status=Maker.Status.PUBLISHED)
        .order_by()
        .values(*MAKER_FIELDS)
    )
    if not makers:
        return []
    ids = [maker["id"] for maker in makers]
    categories, products, photos = defaultdict(list), defaultdict(list), defaultdict(int)
    labels, territories, hours = defaultdict(list), defaultdict(list), defaultdict(list)
    for maker_id, category_id in MakerCategory.objects.filter(maker_id__in=ids).values_list(
        "maker_id", "category_id"
    ):
        categories[maker_id].append(category_id)
    for maker_id, name, materials in Product.objects.filter(
        PUBLIC_PRODUCTS, maker_id__in=ids
    ).values_list("maker_id", "name", "materials"):
        products[maker_id].append(f"{name} {materials}")
    for maker_id, count in (
        Photo.objects.filter(maker_id__in=ids, product__isnull=True, pending_review=False)
        .values("maker_id")
        .annotate(count=Count("id"))
        .values_list("maker_id", "count")
    ):
        photos[maker_id] = count
    through = Maker._meta.get_field("labels").remote_field.through
    for maker_id, label_id in through.objects.filter(maker_id__in=ids).values_list(
        "maker_id", "label_id"
    ):
        labels[maker_id].append(label_id)
    for maker_id, *period in OpeningPeriod.objects.filter(maker_id__in=ids).values_list(
        "maker_id", "weekday", "opens", "closes"
    ):
        hours[maker_id].append(period)
    through = Maker._meta.get_field("territories").remote_field.through
    for maker_id, territory_id in through.objects.filter(maker_id__in=ids).values_list(
        "maker_id", "territory_id"
    ):
        territories[maker_id].append(territory_id)
    documents = []
    for maker in makers:
        pk = maker["id"]
        latitude, longitude = _public_point(maker)
        documents.append(
            SearchDocument(
                id=pk,
                name=maker["name"],
                categories=" ".join(names.get(c, "") for c in categories[pk]),
                products=" ".join(products[pk]),
                tagline=maker["tagline"],
                story=f"{maker['story']}\n{maker['know_how']}",
                latitude=latitude,
                longitude=longitude,
                category_ids=tuple(categories[pk]),
                label_ids=tuple(labels[pk]),
                services=tuple(services_offered(maker)),
                territory_ids=tuple(territories[pk]),
                place_id=maker["place_id"],
                rank=static_rank(
                    maker=maker,
                    products=len(products[pk]),
                    photos=photos[pk],
                    labels=len(labels[pk]),
                ),
                published_at=maker["published_at"],
                extra_terms=(maker["locality"],) if maker["locality"] else (),
                open_slots=open_slots(hours[pk]),
            )
        )
    return documents


def maker_documents_count() -> int:
    """How many makers should be indexed (the published ones)."""
    return Maker.objects.filter(status=Maker.Status.PUBLISHED).count()


def maker_documents_iter(batch: int = BULK_BATCH) -> Iterator[list[SearchDocument]]:
    """Every published maker's document, in batches of `batch`, by id."""
    names = _category_names()
    last = 0
    published = Maker.objects.filter(status=Maker.Status.PUBLISHED).order_by("id")
    while True:
        ids = list(published.filter(id__gt=last).values_list("id", flat=True)[:batch])
        if not ids:
            return
        yield maker_documents(ids, names)
        last = ids[-1]
