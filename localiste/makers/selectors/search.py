"""Searching makers: the engine's ids turned into maker cards, map features and suggestions.

The bridge between `localiste.search` (ids, facet values) and the pages and API
(`discovery`, `api`), which never call the engine directly.
"""

from dataclasses import dataclass, field

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from localiste.makers.models import PUBLIC_PRODUCTS, Maker, Product
from localiste.makers.selectors.public import makers_in_order
from localiste.search.analysis import best_match, group_patterns
from localiste.search.engine import search, suggest
from localiste.search.mapping import search_map
from localiste.search.query import MapQuery, SearchQuery

PRODUCT_HITS_PER_MAKER = 12  # the products of a maker read to find the one a card shows


@dataclass
class MakerSearchPage:
    """One page of search results.

    `makers` are cards (makers_in_order: primary category, place, card photos) in hit order,
    each with `distance_km` (None without a place), `search_score` and `product_hit` (the
    public product that best matches the query's words, or None). `facets` maps a facet
    name ("category", "label", "service", "territory") to {id or service name: count},
    most frequent first; ids are resolved by the caller.
    """

    makers: list[Maker]
    total: int
    total_is_exact: bool
    facets: dict[str, dict[int | str, int]] = field(default_factory=dict)
    facets_are_exact: bool = True
    matched_all_words: bool = True
    corrected_terms: dict[str, str] = field(default_factory=dict)
    query: SearchQuery | None = None


def maker_search(*, query: SearchQuery) -> MakerSearchPage:
    """The page of published makers matching `query`, in ranking order, with their distance."""
    result = search(query)
    makers = makers_in_order(ids=[hit.id for hit in result.hits])
    hits = {hit.id: hit for hit in result.hits}
    for maker in makers:
        maker.distance_km = hits[maker.pk].distance_km
        maker.search_score = hits[maker.pk].score
    _product_hits_attach(makers, result.term_groups)
    return MakerSearchPage(
        makers=makers,
        total=result.total,
        total_is_exact=result.total_is_exact,
        facets=result.facets,
        facets_are_exact=result.facets_are_exact,
        matched_all_words=result.matched_all_words,
        corrected_terms=result.corrected_terms,
        query=query,
    )


def _product_hits_attach(makers: list[Maker], groups) -> None:
    """Set `product_hit` on each maker: of its first PRODUCT_HITS_PER_MAKER public products
    (by position), the one holding most of the query's words (more than half of them), or
    None. One query for the page, bounded in SQL whatever the makers' catalogues hold; only
    the name and materials are read and normalised."""
    for maker in makers:
        maker.product_hit = None
    if not groups or not makers:
        return
    by_id = {maker.pk: maker for maker in makers}
    order = (F("position").asc(), F("id").asc())
    rows = (
        Product.objects.filter(PUBLIC_PRODUCTS, maker_id__in=list(by_id))
        .annotate(nth=Window(RowNumber(), partition_by=F("maker_id"), order_by=order))
        .filter(nth__lte=PRODUCT_HITS_PER_MAKER)
        .order_by("maker_id", "position", "id")
        .only("id", "maker_id", "name", "slug", "materials", "price_kind", "price_min", "price_max")
    )
    products: dict[int, list[Product]] = {}
    for product in rows:
        product.maker = by_id[product.maker_id]  # for its URL, without a query per product
        products.setdefault(product.maker_id, []).append(product)
    patterns = group_patterns(groups)  # compiled once for the page
    for maker_id, found in products.items():
        best = best_match([f"{p.name} {p.materials}" for p in found], groups, patterns=patterns)
        if best is not None:
            by_id[maker_id].product_hit = found[best]


def maker_map(*, query: MapQuery) -> dict:
    """A GeoJSON FeatureCollection of the makers matching `query` (≤ query.max_features).

    A single maker's properties: id, slug, name, tagline, commune, url. A group or cluster:
    count, and `bbox` [minLon, minLat, maxLon, maxLat] to zoom to (a group at one spot also
    lists its makers in `makers`, when it holds few).
    """
    features = search_map(query)
    ids = {feature.id for feature in features if feature.id is not None}
    ids.update(pk for feature in features for pk in feature.ids)
    # Status is checked in Python so that the primary key (not the status index) is used.
    makers = {
        row["id"]: row
        for row in Maker.objects.filter(pk__in=ids)
        .order_by()
        .values("id", "slug", "name", "tagline", "locality", "status")
        if row["status"] == Maker.Status.PUBLISHED
    }
    # One reverse() per call, not per maker: maps list hundreds of them.
    url_pattern = reverse("makers:detail", kwargs={"slug": "slug-placeholder"})
    collection = []
    for feature in features:
        geometry = {
            "type": "Point",
            "coordinates": [round(feature.longitude, 6), round(feature.latitude, 6)],
        }
        if feature.id is not None and feature.id in makers:
            properties = {"count": 1, **_maker_properties(makers[feature.id], url_pattern)}
        else:
            properties = {"count": feature.count}
            if feature.bbox:
                properties["bbox"] = [round(value, 6) for value in feature.bbox]
            group = [
                _maker_properties(makers[pk], url_pattern) for pk in feature.ids if pk in makers
            ]
            if group:
                properties["makers"] = group
        collection.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": collection}


def _maker_properties(row: dict, url_pattern: str) -> dict:
    return {
        "id": row["id"],
        "slug": row["slug"],
        "name": row["name"],
        "tagline": row["tagline"],
        "commune": row["locality"],
        "url": url_pattern.replace("slug-placeholder", row["slug"]),
    }


def maker_suggest(*, prefix: str, limit: int = 6) -> list[Maker]:
    """Up to `limit` published makers whose name has words starting as typed (as-you-type)."""
    return makers_in_order(ids=suggest(prefix, limit=limit))
