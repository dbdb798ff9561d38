"""What the search engine is asked and what it answers — the contract between the engine
(`localiste.search`) and the pages and API that use it (`makers.selectors`, `discovery`,
`api`). The engine knows ids and facet values, never makers.
"""

from dataclasses import dataclass, field
from enum import StrEnum

# The distances (km) a visitor chooses around a place: the search page, the API, widgets.
RADIUS_CHOICES = (5, 10, 25, 50, 100)


def radius_nearest(km: float) -> int:
    """The choice of RADIUS_CHOICES nearest to `km` (what a page asked for otherwise is served)."""
    return min(RADIUS_CHOICES, key=lambda choice: abs(choice - km))


class Sort(StrEnum):
    RELEVANCE = "relevance"
    DISTANCE = "distance"
    NEWEST = "newest"
    # The nearest of the good matches first, then the weaker ones (the default with a place).
    NEAREST = "nearest"


@dataclass(frozen=True)
class Filters:
    """Facet filters; each tuple is "any of these". Category ids match their descendants too
    (documents carry their categories' ancestors)."""

    category_ids: tuple[int, ...] = ()
    label_ids: tuple[int, ...] = ()
    services: tuple[str, ...] = ()  # all of these: "workshop_visits", "on_site_sale", …
    territory_ids: tuple[int, ...] = ()
    place_ids: tuple[int, ...] = ()
    # Open for the whole of this half-hour of the week: weekday × 48 + hour × 2 + (minute ≥ 30),
    # wall-clock time of the site (see makers.hours); None = any time.
    open_slot: int | None = None
    # Only these documents (by object id): a small set, such as the makers published this week.
    object_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: Filters = field(default_factory=Filters)
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None  # only with a point; None = no distance limit
    sort: Sort = Sort.RELEVANCE
    offset: int = 0
    limit: int = 20
    with_facets: bool = True

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class SearchHit:
    id: int
    score: float
    distance_km: float | None = None


@dataclass
class SearchResult:
    hits: list[SearchHit]
    total: int
    total_is_exact: bool = True  # False: `total` is an estimate ("about 12,000")
    # facet name ("category", "label", "service", "territory") → {value: count}
    facets: dict[str, dict[int | str, int]] = field(default_factory=dict)
    matched_all_words: bool = True  # False: no document had every word; any-word fallback
    # typo as typed → the word searched instead, as documents write it ("céramique")
    corrected_terms: dict[str, str] = field(default_factory=dict)
    facets_are_exact: bool = True  # False: facet counts scaled from a sample of the matches
    # The words searched, as analysis.TermGroup (one per word): what `analysis.best_match`
    # needs to tell which of a document's parts (e.g. its products) match the query.
    term_groups: tuple = ()


@dataclass(frozen=True)
class MapQuery:
    min_longitude: float
    min_latitude: float
    max_longitude: float
    max_latitude: float
    zoom: int
    text: str = ""
    filters: Filters = field(default_factory=Filters)
    max_features: int = 500


@dataclass(frozen=True)
class MapFeature:
    latitude: float
    longitude: float
    count: int  # 1 = one document (then `id` is set); more = a cluster or a shared spot
    id: int | None = None
    ids: tuple[int, ...] = ()  # for a few documents at the same spot (grouped, not clustered)
    # (min lon, min lat, max lon, max lat) of a cluster's members: where to zoom to open it
    bbox: tuple[float, float, float, float] | None = None
