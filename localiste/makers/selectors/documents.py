"""The search documents of makers: one per published maker, built one by one or in bulk.

Registered as the "makers" source of the search engine (makers/apps.py), so that
`manage.py search_rebuild` and `search_check` know them.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.db.models import Count

from localiste.catalog.models import Category
from localiste.makers.models import PUBLIC_PRODUCTS, Maker, MakerCategory, Photo, Product
from localiste.search.documents import SearchDocument

SOURCE = "makers"
BULK_BATCH = 5000
SERVICES = {
    "offers_workshop_visits": "workshop_visits",
    "offers_on_site_sale": "on_site_sale",
    "offers_online_shop": "online_shop",
    "offers_made_to_order": "made_to_order",
    "offers_shipping": "shipping",
}
MAKER_FIELDS = (
    "id", "name", "tagline", "story", "know_how", "locality", "latitude", "longitude",
    "place_id", "published_at", "website", "shop_url", "phone", *SERVICES,
)  # fmt: skip


def _category_names() -> dict[int, str]:
    return {
        pk: f"{name_fr} {name_en}"
        for pk, name_fr, name_en in Category.objects.values_list("id", "name_fr", "name_en")
    }


def static_rank(*, maker: dict, products: int, photos: int, labels: int) -> float:
    """Completeness of a listing, 0–1: what a visitor finds on the page, never payment."""
    score = 0.15 * bool(maker["tagline"]) + 0.15 * bool(maker["story"])
    score += 0.1 * bool(maker["know_how"]) + 0.1 * min(products, 4) / 4
    score += 0.2 * min(photos, 3) / 3 + 0.1 * min(labels, 2) / 2
    score += 0.1 * bool(maker["website"] or maker["shop_url"]) + 0.1 * bool(maker["phone"])
    return round(min(1.0, score), 4)


def maker_documents(maker_ids: Sequence[int], names: dict[int, str] | None = None):
    """The SearchDocuments of the published makers among `maker_ids` (7 queries)."""
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
    labels, territories = defaultdict(list), defaultdict(list)
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
    through = Maker._meta.get_field("territories").remote_field.through
    for maker_id, territory_id in through.objects.filter(maker_id__in=ids).values_list(
        "maker_id", "territory_id"
    ):
        territories[maker_id].append(territory_id)
    documents = []
    for maker in makers:
        pk = maker["id"]
        documents.append(
            SearchDocument(
                id=pk,
                name=maker["name"],
                categories=" ".join(names.get(c, "") for c in categories[pk]),
                products=" ".join(products[pk]),
                tagline=maker["tagline"],
                story=f"{maker['story']}\n{maker['know_how']}",
                latitude=maker["latitude"],
                longitude=maker["longitude"],
                category_ids=tuple(categories[pk]),
                label_ids=tuple(labels[pk]),
                services=tuple(name for field, name in SERVICES.items() if maker[field]),
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
