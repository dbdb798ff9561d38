"""Point-in-boundary test for custom territories drawn as GeoJSON (no GDAL needed)."""

from __future__ import annotations

import shapely
from shapely.geometry import shape


def boundary_contains(boundary: dict | None, latitude: float, longitude: float) -> bool:
    """Whether a GeoJSON Polygon / MultiPolygon (or a Feature of one) holds the point.

    Holes count: a point inside a polygon's inner ring is outside the polygon.
    """
    if boundary_bbox(boundary) is None:
        return False
    return boundary_points_inside(boundary, [(latitude, longitude)])[0]


def boundary_bbox(boundary: dict | None) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of a GeoJSON Polygon / MultiPolygon (or Feature), or None."""
    if isinstance(boundary, dict) and boundary.get("type") == "Feature":
        return boundary_bbox(boundary.get("geometry"))
    if not isinstance(boundary, dict) or boundary.get("type") not in {"Polygon", "MultiPolygon"}:
        return None
    rings = boundary.get("coordinates") or []
    if boundary["type"] == "MultiPolygon":
        rings = [ring for polygon in rings for ring in polygon]
    points = [position[:2] for ring in rings for position in ring]
    if not points:
        return None
    longitudes, latitudes = [p[0] for p in points], [p[1] for p in points]
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def boundary_points_inside(boundary: dict, points: list[tuple[float, float]]) -> list[bool]:
    """For each (latitude, longitude) of `points`, whether `boundary` holds it.

    Holes excluded; vectorised by shapely, for the thousands of listings a territory's
    refresh tests at once.
    """
    if not points:
        return []
    try:
        geometry = shape(boundary["geometry"] if boundary.get("type") == "Feature" else boundary)
    except (ValueError, TypeError, KeyError, IndexError, shapely.errors.GEOSException):
        return [False] * len(points)  # a hand-edited boundary that is not a polygon
    shapely.prepare(geometry)
    latitudes, longitudes = zip(*points, strict=True)
    return [bool(inside) for inside in shapely.contains_xy(geometry, longitudes, latitudes)]
