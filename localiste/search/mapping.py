"""Server-side map clustering: a MapQuery in, at most `max_features` MapFeatures out.

Unfiltered maps read precomputed cells (one row per non-empty 64-px cell per zoom ≤ 14);
deeper zooms and filtered maps cluster the matching points of the viewport on the fly.
"""

import math
from collections import defaultdict
from dataclasses import replace

from localiste.search import geo
from localiste.search.analysis import query_terms
from localiste.search.backends import Expr, backend_for
from localiste.search.backends.sql import MAP_PRECOMPUTED_MAX_ZOOM
from localiste.search.engine import _estimated_count, filter_tags
from localiste.search.query import MapFeature, MapQuery

MAX_FEATURES = 500
ON_THE_FLY_POINTS = 5000  # beyond this many matching points, clusters come from a sample
SAME_SPOT_IDS = 50


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
    expr = Expr(groups=tuple(terms.groups), tags=filter_tags(query.filters))
    box = (query.min_latitude, query.min_longitude, query.max_latitude, query.max_longitude)
    if expr.is_empty:
        zoom = min(query.zoom, MAP_PRECOMPUTED_MAX_ZOOM)
        if query.zoom > MAP_PRECOMPUTED_MAX_ZOOM:
            points = backend.box_points(box, ON_THE_FLY_POINTS + 1)
            if len(points) <= ON_THE_FLY_POINTS:
                return _cluster(backend, points, query, 1.0)
        return _precomputed(backend, box, zoom, query.max_features)
    cover = geo.box_cover(box)
    matching = expr.with_tags(cover) if cover else expr
    total = backend.count(matching, ON_THE_FLY_POINTS + 1)
    if total == 0 and len(expr.groups) > 1:
        matching = replace(matching, any_word=True)
        total = backend.count(matching, ON_THE_FLY_POINTS + 1)
    if total > ON_THE_FLY_POINTS:
        total = _estimated_count(backend, matching, ON_THE_FLY_POINTS)
    points = [
        point
        for point in backend.points(matching, ON_THE_FLY_POINTS)
        if box[0] <= point[1] <= box[2] and box[1] <= point[2] <= box[3]
    ]
    scale = total / ON_THE_FLY_POINTS if total > ON_THE_FLY_POINTS else 1.0
    return _cluster(backend, points, query, scale)


def _cluster(backend, points, query: MapQuery, scale: float) -> list[MapFeature]:
    """Group points by spot, then by map cell, coarsening until few enough features."""
    spots = defaultdict(list)
    for docid, lat, lon in points:
        spots[(round(lat, 5), round(lon, 5))].append(docid)
    zoom = query.zoom
    while True:
        cells = defaultdict(list)
        for spot, docids in spots.items():
            cells[geo.mercator_cell(zoom, *spot)].append((spot, docids))
        if len(cells) <= query.max_features or zoom == 0:
            break
        zoom -= 1
    features = []
    object_ids = {}
    singles = [docids for members in cells.values() if len(members) == 1 for _, docids in members]
    wanted = [d for docids in singles for d in docids[:SAME_SPOT_IDS]]
    if wanted:
        object_ids = {d: row.object_id for d, row in backend.rows(wanted).items()}
    for members in cells.values():
        count = sum(len(docids) for _, docids in members)
        lat = sum(spot[0] * len(docids) for spot, docids in members) / count
        lon = sum(spot[1] * len(docids) for spot, docids in members) / count
        if len(members) == 1:
            ids = tuple(object_ids[d] for d in members[0][1][:SAME_SPOT_IDS] if d in object_ids)
            features.append(
                MapFeature(
                    latitude=lat,
                    longitude=lon,
                    count=max(count, round(count * scale)),
                    id=ids[0] if count == 1 and ids else None,
                    ids=ids if count > 1 else (),
                )
            )
            continue
        lats = [spot[0] for spot, _ in members]
        lons = [spot[1] for spot, _ in members]
        features.append(
            MapFeature(
                latitude=lat,
                longitude=lon,
                count=round(count * scale),
                bbox=(min(lons), min(lats), max(lons), max(lats)),
            )
        )
    return features[: query.max_features]


def _precomputed(backend, box, zoom: int, max_features: int) -> list[MapFeature]:
    min_lat, min_lon, max_lat, max_lon = box
    while True:
        x0, y1 = geo.mercator_cell(zoom, min_lat, min_lon)
        x1, y0 = geo.mercator_cell(zoom, max_lat, max_lon)
        cells = backend.map_cells(zoom, (x0, x1), (y0, y1), max_features + 1)
        if len(cells) <= max_features or zoom == 0:
            break
        zoom -= 1
    lone = [c.docid for c in cells if c.count == 1 and c.docid is not None]
    object_ids = {d: row.object_id for d, row in backend.rows(lone).items()} if lone else {}
    features = []
    for cell in cells:
        same_spot = cell.min_latitude == cell.max_latitude and (
            cell.min_longitude == cell.max_longitude
        )
        if cell.count == 1 or (same_spot and cell.count <= SAME_SPOT_IDS):
            docids = [cell.docid] if cell.docid is not None else None
            if docids is None:
                spot = (
                    cell.min_latitude,
                    cell.min_longitude,
                    cell.max_latitude,
                    cell.max_longitude,
                )
                docids = [p[0] for p in backend.box_points(spot, SAME_SPOT_IDS)]
                object_ids.update({d: r.object_id for d, r in backend.rows(docids).items()})
            ids = tuple(object_ids[d] for d in docids if d in object_ids)
            features.append(
                MapFeature(
                    latitude=cell.latitude,
                    longitude=cell.longitude,
                    count=cell.count,
                    id=ids[0] if cell.count == 1 and ids else None,
                    ids=ids if cell.count > 1 else (),
                )
            )
            continue
        features.append(
            MapFeature(
                latitude=cell.latitude,
                longitude=cell.longitude,
                count=cell.count,
                bbox=(cell.min_longitude, cell.min_latitude, cell.max_longitude, cell.max_latitude),
            )
        )
    return features
