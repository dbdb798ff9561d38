"""Reads for feeds and the embeddable widget: published makers of a territory, category, label
or town, the newest first, or those within a distance of a point, the nearest first."""

from django.db.models import QuerySet

from localiste.catalog.models import Category, Label
from localiste.catalog.selectors import category_for_slug
from localiste.makers.models import Maker, MakerCategory
from localiste.makers.selectors import maker_search, makers_in_order
from localiste.places.models import Place, Territory
from localiste.search.query import Filters, SearchQuery, Sort

FEED_SIZE = 30
EMBED_SIZE = 60


def _published() -> QuerySet[Maker]:
    return Maker.objects.filter(status=Maker.Status.PUBLISHED)


def makers_newest_of(
    *,
    territory: Territory | None = None,
    category: Category | None = None,
    label: Label | None = None,
    place: Place | None = None,
    limit: int = FEED_SIZE,
) -> list[Maker]:
    """The `limit` newest published makers of `territory`, `category` (sub-categories too),
    `label` and `place`, each filter optional, as cards (with commune, category and photos)."""
    if category is not None and territory is None and label is None and place is None:
        # Straight from the category listing index, like the category page.
        ids = list(
            MakerCategory.objects.filter(category=category, listed_at__isnull=False)
            .order_by("-listed_at", "-maker_id")
            .values_list("maker_id", flat=True)[:limit]
        )
        return makers_in_order(ids=ids)
    makers = _published()
    if territory is not None:
        makers = makers.filter(territories=territory)
    if category is not None:
        makers = makers.filter(category_links__category=category)
    if label is not None:
        makers = makers.filter(labels=label)
    if place is not None:
        makers = makers.filter(place=place)
    ids = list(makers.order_by("-published_at", "-pk").values_list("pk", flat=True)[:limit])
    return makers_in_order(ids=ids)


def makers_near(
    *,
    latitude: float,
    longitude: float,
    radius_km: float,
    territory: Territory | None = None,
    category: Category | None = None,
    label: Label | None = None,
    limit: int = FEED_SIZE,
) -> list[Maker]:
    """The `limit` published makers within `radius_km` of the point, of `territory`, `category`
    (sub-categories too) and `label` when given, the nearest first, as cards, each with its
    `distance_km` (the search engine's, as on the search page)."""
    filters = Filters(
        category_ids=(category.pk,) if category else (),
        label_ids=(label.pk,) if label else (),
        territory_ids=(territory.pk,) if territory else (),
    )
    query = SearchQuery(
        filters=filters,
        latitude=latitude,
        longitude=longitude,
        radius_km=float(radius_km),
        sort=Sort.DISTANCE,
        limit=limit,
        with_facets=False,
    )
    return maker_search(query=query).makers


def territory_get_active(*, slug: str) -> Territory | None:
    return Territory.objects.filter(slug=slug, is_active=True).first() if slug else None


def category_get(*, slug: str) -> Category | None:
    """The category `slug` names, or the one it was merged into (or renamed to), or None."""
    return category_for_slug(slug) if slug else None
