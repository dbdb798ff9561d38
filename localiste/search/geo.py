"""Geometry for the search engine: distances, grid cells for radius covers and map clusters."""

import math

EARTH_RADIUS_KM = 6371.0088
# Of latitude on the sphere that distance_km measures on: boxes and distances must agree.
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
# Cell sizes (degrees) whose tokens each document carries, finest first: a radius query
# ANDs the text with the cells covering its circle, at the finest level needing few cells.
COVER_LEVELS = (0.05, 0.25, 1.0, 5.0)
COVER_MAX_CELLS = 40
# Map cells are 64 px squares of the Web Mercator tiles: 4 × 2^zoom per side of the world.
MAP_CELLS_PER_TILE = 4
MAX_LATITUDE = 85.0


def clamp_latitude(value: float) -> float:
    return max(-MAX_LATITUDE, min(MAX_LATITUDE, value))


def clamp_longitude(value: float) -> float:
    return max(-180.0, min(180.0, value))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance between two points, in km."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min lat, min lon, max lat, max lon) of a box holding the circle (clamped).

    Exact on the sphere: the circle reaches `radius_km` / R radians north and south, and
    asin(sin(r / R) / cos(lat)) east and west (wider than r / (R cos lat) far from the
    equator), so every point `distance_km` finds within the radius lies in the box.
    """
    angle = radius_km / EARTH_RADIUS_KM
    d_lat = math.degrees(angle)
    cos_lat = math.cos(math.radians(clamp_latitude(lat)))
    ratio = math.sin(min(angle, math.pi / 2)) / max(cos_lat, 1e-9)
    d_lon = 180.0 if ratio >= 1 else math.degrees(math.asin(ratio))
    return (
        clamp_latitude(lat - d_lat),
        max(-180.0, lon - d_lon),
        clamp_latitude(lat + d_lat),
        min(180.0, lon + d_lon),
    )


def cell_token(level: int, lat: float, lon: float) -> str:
    size = COVER_LEVELS[level]
    return f"g{level}x{int((lon + 180.0) // size)}y{int((lat + 90.0) // size)}"


def cell_tokens(lat: float, lon: float) -> list[str]:
    """The cover-cell tokens of a point, one per level."""
    return [cell_token(level, lat, lon) for level in range(len(COVER_LEVELS))]


def box_cover(box: tuple[float, float, float, float]) -> list[str] | None:
    """Tokens of the cells covering a (min lat, min lon, max lat, max lon) box, or None if huge."""
    min_lat, min_lon, max_lat, max_lon = box
    for level, size in enumerate(COVER_LEVELS):
        xs = range(int((min_lon + 180.0) // size), int((max_lon + 180.0) // size) + 1)
        ys = range(int((min_lat + 90.0) // size), int((max_lat + 90.0) // size) + 1)
        if len(xs) * len(ys) <= COVER_MAX_CELLS:
            return [f"g{level}x{x}y{y}" for x in xs for y in ys]
    return None


def cell_area_km2(token: str) -> float:
    """Area of the cover cell `token` ("g<level>x<x>y<y>"), in km²."""
    level, rest = token[1:].split("x", 1)
    row = int(rest.split("y", 1)[1])
    size = COVER_LEVELS[int(level)]
    middle = math.radians((row + 0.5) * size - 90.0)
    return (size * KM_PER_DEGREE) ** 2 * max(0.0, math.cos(middle))


def mercator_cell(zoom: int, lat: float, lon: float) -> tuple[int, int]:
    """(x, y) of the map cell holding the point at `zoom`."""
    side = MAP_CELLS_PER_TILE << zoom
    x = (clamp_longitude(lon) + 180.0) / 360.0
    sin_lat = math.sin(math.radians(clamp_latitude(lat)))
    y = 0.5 - math.log((1 + sin_lat) / (1 - sin_lat)) / (4 * math.pi)
    return min(side - 1, int(x * side)), min(side - 1, int(y * side))


def mercator_cell_bounds(zoom: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(min lat, min lon, max lat, max lon) of map cell (x, y) at `zoom`."""
    side = MAP_CELLS_PER_TILE << zoom

    def latitude(row: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / side))))

    return latitude(y + 1), x / side * 360.0 - 180.0, latitude(y), (x + 1) / side * 360.0 - 180.0
