"""What the engine indexes: one SearchDocument per public object, built by the app owning it."""

import datetime
from dataclasses import dataclass, field

# Relative weight of each text field in the relevance score (see docs/search.md).
FIELD_WEIGHTS = {"name": 10.0, "categories": 6.0, "products": 4.0, "tagline": 3.0, "story": 1.0}
TEXT_FIELDS = tuple(FIELD_WEIGHTS)
SCORED_FIELDS = TEXT_FIELDS[:-1]  # read back to rank a window of matches (story implied)


@dataclass
class SearchDocument:
    """A document as its owner describes it; the engine normalises the text itself.

    `categories` should hold the names (in every language) of the categories and their
    ancestors; `category_ids` the ids of those categories and ancestors. `rank` (0–1) is a
    static quality (completeness), never payment.
    """

    id: int
    name: str
    categories: str = ""
    products: str = ""
    tagline: str = ""
    story: str = ""
    latitude: float | None = None
    longitude: float | None = None
    category_ids: tuple[int, ...] = ()
    label_ids: tuple[int, ...] = ()
    services: tuple[str, ...] = ()
    territory_ids: tuple[int, ...] = ()
    place_id: int | None = None
    rank: float = 0.0
    published_at: datetime.datetime | None = None
    extra_terms: tuple[str, ...] = field(default_factory=tuple)  # e.g. the commune's name
    # The half-hours of the week (weekday × 48 + hour × 2 + (minute ≥ 30), Monday = 0) it is
    # open for in full: what Filters.open_slot matches (never a facet).
    open_slots: tuple[int, ...] = ()
