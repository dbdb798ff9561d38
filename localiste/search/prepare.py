"""A SearchDocument turned into index rows: normalised text, facet and cell tokens."""

from dataclasses import dataclass, field

from localiste.core.text import search_terms
from localiste.search import geo
from localiste.search.analysis import surface_words
from localiste.search.documents import TEXT_FIELDS, SearchDocument

MAP_MAX_ZOOM = 18  # mx/my are map cells at this zoom; coarser cells are shifts of them
STORY_MAX_CHARS = 4000  # the tail of a very long story adds little and costs index space
VOCABULARY_FIELDS = 4  # name, categories, products, tagline: where typos are looked up


@dataclass(slots=True)
class PreparedDocument:
    source: str
    object_id: int
    texts: tuple[str, ...]  # normalised terms per TEXT_FIELDS, space-separated
    facets: str  # "c12 c3 l5 sworkshop_visits t7 p1234"
    tags: str  # facets + cover-cell tokens (what filters match on)
    latitude: float | None
    longitude: float | None
    mx: int | None
    my: int | None
    rank: float
    published: float  # POSIX timestamp, 0 when unknown
    # {term: word as written} of the vocabulary fields: the words a visitor is shown
    words: dict[str, str] = field(default_factory=dict)


def facet_tokens(
    *,
    category_ids=(),
    label_ids=(),
    services=(),
    territory_ids=(),
    place_ids=(),
) -> dict[str, list[str]]:
    """Facet tokens by facet name (as stored on documents and used by filters)."""
    return {
        "category": [f"c{int(pk)}" for pk in category_ids],
        "label": [f"l{int(pk)}" for pk in label_ids],
        "service": [f"s{_service_token(name)}" for name in services],
        "territory": [f"t{int(pk)}" for pk in territory_ids],
        "place": [f"p{int(pk)}" for pk in place_ids],
    }


def slot_token(slot: int) -> str:
    """The tag of a half-hour of the week (0–335) that a document is open for."""
    return f"o{int(slot)}"


def hour_token(hour: int) -> str:
    """The tag of an hour of the week (0–167) whose two half-hours a document is open for."""
    return f"h{int(hour)}"


def slot_tags(slots) -> list[str]:
    """The tags of a document open for the half-hours `slots` (sorted): an hour tag for each
    hour open throughout, a half-hour tag only for a half-hour whose hour is not (the edges
    of the opening periods). Half as many tags as half-hours, exactly as selective: a
    half-hour is open if and only if its own tag or its hour's is there (filters.py)."""
    open_ = set(slots)
    hours = {slot // 2 for slot in open_ if slot % 2 == 0 and slot + 1 in open_}
    return [hour_token(hour) for hour in sorted(hours)] + [
        slot_token(slot) for slot in sorted(open_) if slot // 2 not in hours
    ]


def _service_token(name: str) -> str:
    return "".join(char for char in str(name).lower() if char.isalnum())[:40]


def _service_name(name: str) -> str:
    return "".join(char for char in str(name).lower() if char.isalnum() or char == "_")[:40]


def prepare(document: SearchDocument, source: str) -> PreparedDocument:
    """The index rows of `document` (text normalised with core.text.search_terms)."""
    values = {name: getattr(document, name) or "" for name in TEXT_FIELDS}
    values["story"] = values["story"][:STORY_MAX_CHARS]
    if document.extra_terms:
        values["tagline"] = f"{values['tagline']} {' '.join(document.extra_terms)}"
    texts = tuple(" ".join(search_terms(values[name])) for name in TEXT_FIELDS)
    by_facet = facet_tokens(
        category_ids=sorted(set(document.category_ids)),
        label_ids=sorted(set(document.label_ids)),
        services=sorted(set(document.services)),
        territory_ids=sorted(set(document.territory_ids)),
        place_ids=[document.place_id] if document.place_id else [],
    )
    tags = " ".join(token for tokens in by_facet.values() for token in tokens)
    slots = sorted({int(slot) for slot in document.open_slots if 0 <= int(slot) < 7 * 48})
    if slots:
        tags = f"{tags} {' '.join(slot_tags(slots))}".strip()
    # Facet values keep the service names as given ("on_site_sale"); tags are FTS tokens.
    facets = " ".join(
        token for name, tokens in by_facet.items() if name != "service" for token in tokens
    )
    services = sorted({_service_name(name) for name in document.services} - {""})
    facets = " ".join([facets, *(f"s{name}" for name in services)]).strip()
    lat, lon = document.latitude, document.longitude
    located = lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180
    mx = my = None
    if located:
        mx, my = geo.mercator_cell(MAP_MAX_ZOOM, lat, lon)
        tags = f"{tags} {' '.join(geo.cell_tokens(lat, lon))}".strip()
    published = document.published_at.timestamp() if document.published_at else 0.0
    # The categories first: where a document writes a term in several ways ("Vitrail",
    # "vitraux"), the category's name is the one shown.
    fields = (
        "categories",
        *(name for name in TEXT_FIELDS[:VOCABULARY_FIELDS] if name != "categories"),
    )
    words = surface_words(" ".join(values[name] for name in fields if values[name]))
    return PreparedDocument(
        source=source,
        object_id=int(document.id),
        texts=texts,
        facets=facets,
        tags=tags,
        latitude=lat if located else None,
        longitude=lon if located else None,
        mx=mx,
        my=my,
        rank=float(document.rank or 0.0),
        published=published,
        words=words,
    )
