"""What every search backend offers the engine: matching, counting, fetching, writing."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from localiste.search.analysis import TermGroup
from localiste.search.prepare import PreparedDocument


@dataclass(frozen=True)
class Expr:
    """A match: every text group (any one when `any_word`) and every tag group (any of each).

    `columns` restricts the text to some fields (e.g. ("name",) for suggestions); `docids`
    (a few thousand at most) to some documents. An empty Expr matches every document.
    """

    groups: tuple[TermGroup, ...] = ()
    tags: tuple[tuple[str, ...], ...] = ()
    any_word: bool = False
    columns: tuple[str, ...] | None = None
    docids: tuple[int, ...] | None = None

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.tags and self.docids is None

    def with_tags(self, tokens: Sequence[str]) -> "Expr":
        return replace(self, tags=(*self.tags, tuple(tokens)))


@dataclass(slots=True)
class Row:
    docid: int
    object_id: int
    latitude: float | None
    longitude: float | None
    rank: float
    published: float
    facets: str
    texts: tuple[str, ...] = field(default_factory=tuple)


SAME_SPOT_IDS = 50  # makers sharing one spot are listed (not clustered) up to this many


@dataclass(slots=True)
class MapCell:
    x: int
    y: int
    count: int
    latitude: float  # centroid
    longitude: float
    min_latitude: float
    min_longitude: float
    max_latitude: float
    max_longitude: float
    docid: int | None  # the document, when the cell holds one
    docids: tuple[int, ...] = ()  # when known: the documents of a few sharing one spot


class SearchBackend(Protocol):
    vendor: str

    # reads
    def count(self, expr: Expr, cap: int) -> int: ...
    def docids(self, expr: Expr, limit: int, offset: int = 0) -> list[int]: ...
    def points(self, expr: Expr, limit: int, box=None) -> list[tuple[int, float, float]]: ...
    def match_cells(self, expr: Expr, box, zoom: int, limit: int) -> list[MapCell]: ...
    def rows(self, docids: Iterable[int], *, texts: bool = False) -> dict[int, Row]: ...
    def newest(self, expr: Expr, limit: int, offset: int) -> list[int]: ...
    def map_cells(self, zoom: int, x_range, y_range, limit: int) -> list[MapCell]: ...
    def document_count(self, source: str | None = None) -> int: ...
    def docid_range(self) -> tuple[int, int]: ...
    def object_ids(self, source: str) -> set[int]: ...
    def term_counts(self) -> dict[str, int]: ...
    def term_words(self) -> dict[str, str]: ...
    def vocabulary_rows(self) -> tuple[dict[str, int], dict[str, str]]: ...
    def docids_for(self, object_ids: Iterable[int]) -> list[int]: ...
    def generation(self) -> int: ...

    # writes
    def upsert(self, documents: Sequence[PreparedDocument]) -> None: ...
    def delete(self, source: str, object_ids: Iterable[int]) -> None: ...
    def rebuild(self, batches: Iterable[list[PreparedDocument]], *, progress=None) -> int: ...
