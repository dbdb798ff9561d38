"""Point-in-boundary test for custom territories drawn as GeoJSON (no GDAL needed)."""

from __future__ import annotations


def boundary_contains(boundary: dict | None, latitude: float, longitude: float) -> bool:
    """Whether a GeoJSON Polygon / MultiPolygon (or a Feature of one) holds the point.

    Holes count: a point inside a polygon's inner ring is outside the polygon.
    """
    if not isinstance(boundary, dict):
        return False
    if boundary.get("type") == "Feature":
        return boundary_contains(boundary.get("geometry"), latitude, longitude)
    coordinates = boundary.get("coordinates") or []
    if boundary.get("type") == "Polygon":
        polygons = [coordinates]
    elif boundary.get("type") == "MultiPolygon":
        polygons = coordinates
    else:
        return False
    return any(
        rings
        and _ring_contains(rings[0], longitude, latitude)
        and not any(_ring_contains(hole, longitude, latitude) for hole in rings[1:])
        for rings in polygons
    )


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


def _ring_contains(ring: list, x: float, y: float) -> bool:
    """Even-odd ray casting on one ring of [lon, lat] positions."""
    inside = False
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside
