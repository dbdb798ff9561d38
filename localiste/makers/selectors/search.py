"""Searching makers: the engine's ids turned into maker cards, map features and suggestions.

The bridge between `localiste.search` (ids, facet values) and the pages and API
(`discovery`, `api`), which never call the engine directly.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from localiste.makers.models import Maker
from localiste.makers.selectors.public import makers_in_order
from localiste.search.engine import search, suggest
from localiste.search.mapping import search_map
from localiste.search.query import MapQuery, SearchQuery


@dataclass
class MakerSearchPage:
    """One page of search results.

    `makers` are cards (makers_in_order: primary category, place, card photos) in hit order,
    each with `distance_km` (None without a place) and `search_score`. `facets` maps a facet
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
