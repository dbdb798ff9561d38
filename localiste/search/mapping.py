"""Server-side map clustering: a MapQuery in, at most `max_features` MapFeatures out.

Unfiltered maps read precomputed cells (one row per non-empty 64-px cell per zoom ≤ 14);
deeper zooms and filtered maps have the database group the matching points of the viewport
by cell (one aggregate query), then merge neighbouring cells until few enough remain.
"""

import math
from dataclasses import replace

from localiste.search import geo
from localiste.search.analysis import query_terms
from localiste.search.backends import Expr, MapCell, backend_for
from localiste.search.backends.base import SAME_SPOT_IDS
from localiste.search.backends.sql import MAP_PRECOMPUTED_MAX_ZOOM
from localiste.search.engine import _estimated_count
from localiste.search.filters import match_expr
from localiste.search.prepare import MAP_MAX_ZOOM
from localiste.search.query import MapFeature, MapQuery

MAX_FEATURES = 500
ON_THE_FLY_POINTS = 3000  # beyond this many matching points, clusters come from a sample


def sanitise_map(query: MapQuery) -> MapQuery:
    """`query` with a valid bbox (clamped, ordered), zoom 0–20 and 1–500 features."""

    def number(value, default: float) -> float:
        try:
            value = float(value)
        except (TypeError, ValueError):
            return default
        return value if math.isfinite(value) else default

    lons = sorted(
        geo.clamp_longitude(number(v, d))
        for v, d in ((query.min_longitude, -180), (query.max_longitude, 180))
    )
    lats = sorted(
        geo.clamp_latitude(number(v, d))
        for v, d in ((query.min_latitude, -85), (query.max_latitude, 85))
    )
    try:
        zoom = int(number(query.zoom, 5))
    except (OverflowError, ValueError):
        zoom = 5
    features = max(1, min(MAX_FEATURES, int(number(query.max_features, MAX_FEATURES))))
    return replace(
        query,
        min_longitude=lons[0],
        max_longitude=lons[1],
        min_latitude=lats[0],
        max_latitude=lats[1],
        zoom=max(0, min(20, zoom)),
        max_features=features,
        text=str(query.text or "")[:200],
    )


def search_map(query: MapQuery, *, using: str = "default") -> list[MapFeature]:
    """The points and clusters of the documents matching `query` in its bbox."""
    query = sanitise_map(query)
    backend = backend_for(using)
    from localiste.search.vocabulary import vocabulary

    terms = query_terms(query.text, vocabulary=vocabulary(backend), prefix_last=False)
    expr = match_expr(backend, terms.groups, query.filters)
    if expr is None:
        return []
    box = (query.min_latitude, query.min_longitude, query.max_latitude, query.max_longitude)
    if expr.is_empty:
        zoom = min(query.zoom, MAP_PRECOMPUTED_MAX_ZOOM)
        if query.zoom > MAP_PRECOMPUTED_MAX_ZOOM:
            cells = backend.match_cells(expr, box, query.zoom, ON_THE_FLY_POINTS + 1)
            if sum(cell.count for cell in cells) <= ON_THE_FLY_POINTS:
                return _features(backend, _coarsened(cells, query), 1.0)
        return _precomputed(backend, box, zoom, query.max_features)
    cover = geo.box_cover(box)
    matching = expr.with_tags(cover) if cover else expr
    docids = backend.docids(matching, ON_THE_FLY_POINTS + 1)
    if not docids and len(expr.groups) > 1:
        matching = replace(matching, any_word=True)
        docids = backend.docids(matching, ON_THE_FLY_POINTS + 1)
    scale = 1.0
    if len(docids) > ON_THE_FLY_POINTS:
        # Docids follow the static rank, unrelated to places: the first matches are a fair
        # sample of all of them, and the clusters' counts are scaled up from it.
        total = _estimated_count(backend, matching, ON_THE_FLY_POINTS, docids[-1])
        docids = docids[:ON_THE_FLY_POINTS]
        scale = total / ON_THE_FLY_POINTS
    cells = backend.docid_cells(docids, box, query.zoom)
    return _features(backend, _coarsened(cells, query), scale)


def _coarsened(cells: list[MapCell], query: MapQuery) -> list[MapCell]:
    """`cells` (at the query's zoom) merged four by four until at most max_features remain."""
    zoom = min(query.zoom, MAP_MAX_ZOOM)
    while len(cells) > query.max_features and zoom > 0:
        merged: dict[tuple[int, int], list[MapCell]] = {}
        for cell in cells:
            merged.setdefault((cell.x // 2, cell.y // 2), []).append(cell)
        cells = [_merged(x, y, group) for (x, y), group in merged.items()]
        zoom -= 1
    return cells


def _merged(x: int, y: int, group: list[MapCell]) -> MapCell:
    if len(group) == 1:
        cell = group[0]
        cell.x, cell.y = x, y
        return cell
    count = sum(cell.count for cell in group)
    return MapCell(
        x=x,
        y=y,
        count=count,
        latitude=sum(cell.latitude * cell.count for cell in group) / count,
        longitude=sum(cell.longitude * cell.count for cell in group) / count,
        min_latitude=min(cell.min_latitude for cell in group),
        min_longitude=min(cell.min_longitude for cell in group),
        max_latitude=max(cell.max_latitude for cell in group),
        max_longitude=max(cell.max_longitude for cell in group),
        docid=None,
    )


def _precomputed(backend, box, zoom: int, max_features: int) -> list[MapFeature]:
    min_lat, min_lon, max_lat, max_lon = box
    while True:
        x0, y1 = geo.mercator_cell(zoom, min_lat, min_lon)
        x1, y0 = geo.mercator_cell(zoom, max_lat, max_lon)
        cells = backend.map_cells(zoom, (x0, x1), (y0, y1), max_features + 1)
        if len(cells) <= max_features or zoom == 0:
            break
        zoom -= 1
    return _features(backend, cells, 1.0)


def _features(backend, cells: list[MapCell], scale: float) -> list[MapFeature]:
    """Cells as map features: a document, a few documents at one spot, or a cluster.

    `scale` (≥ 1) turns counts over a sample of the matches into estimated counts.
    """
    groups: dict[int, list[int]] = {}  # cell index → docids listed one by one
    for index, cell in enumerate(cells):
        same_spot = cell.min_latitude == cell.max_latitude and (
            cell.min_longitude == cell.max_longitude
        )
        if cell.count == 1 and cell.docid is not None:
            groups[index] = [cell.docid]
        elif (same_spot or cell.count == 1) and cell.count <= SAME_SPOT_IDS:
            # Precomputed cells do not list their documents: the spot is read back.
            spot = (cell.min_latitude, cell.min_longitude, cell.max_latitude, cell.max_longitude)
            groups[index] = list(cell.docids) or [
                point[0] for point in backend.points(Expr(), SAME_SPOT_IDS, box=spot)
            ]
    wanted = [docid for docids in groups.values() for docid in docids]
    object_ids = {d: row.object_id for d, row in backend.rows(wanted).items()} if wanted else {}
    features = []
    for index, cell in enumerate(cells):
        count = max(cell.count, round(cell.count * scale))
        if index in groups:
            ids = tuple(object_ids[d] for d in groups[index] if d in object_ids)
            single = cell.count == 1 and bool(ids)
            features.append(
                MapFeature(
                    latitude=cell.latitude,
                    longitude=cell.longitude,
                    count=count,
                    id=ids[0] if single else None,
                    ids=() if single else ids,
                )
            )
            continue
        features.append(
            MapFeature(
                latitude=cell.latitude,
                longitude=cell.longitude,
                count=count,
                bbox=(cell.min_longitude, cell.min_latitude, cell.max_longitude, cell.max_latitude),
            )
        )
    return features
