"""Reading an operator's GeoJSON boundary: parsed, checked and repaired with shapely.

Returns plain GeoJSON geometries (dicts) that `places.geometry` and the JSON field store.
Every failure is a `ValidationError` with a translated message, never an exception that
would turn into a 500.
"""

from __future__ import annotations

import json

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape

MAX_BOUNDARY_BYTES = 5 * 1024 * 1024
MAX_BOUNDARY_POINTS = 200_000
# About 100 m at French latitudes: plenty for a map outline, a fraction of the size.
DISPLAY_TOLERANCE_DEGREES = 0.001
POLYGONAL = {"Polygon", "MultiPolygon"}


def boundary_parse(raw: bytes | str) -> dict:
    """The boundary in `raw` (GeoJSON text) as a valid Polygon / MultiPolygon geometry dict."""
    boundary_check_size(len(raw))
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError(
            _("The boundary file is not valid GeoJSON (it may be truncated)."), code="not_json"
        ) from error
    return boundary_clean(document)


def boundary_check_size(size: int) -> None:
    """Refuse a boundary file of `size` bytes when it is too large to read."""
    if size > MAX_BOUNDARY_BYTES:
        raise ValidationError(
            _("The boundary file is too large (more than %(size)s MB).")
            % {"size": MAX_BOUNDARY_BYTES // (1024 * 1024)},
            code="too_large",
        )


def boundary_clean(document: object) -> dict:
    """A Polygon / MultiPolygon from a geometry, Feature or FeatureCollection, repaired."""
    geometries = _polygonal_geometries(document)
    try:
        shapes = [shape(geometry) for geometry in geometries]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise ValidationError(
            _("The boundary has malformed coordinates."), code="bad_coordinates"
        ) from error
    if sum(shapely.get_num_coordinates(s) for s in shapes) > MAX_BOUNDARY_POINTS:
        raise ValidationError(
            _("The boundary has too many points (more than %(count)s); simplify it first.")
            % {"count": MAX_BOUNDARY_POINTS},
            code="too_many_points",
        )
    merged = shapely.union_all([shapely.make_valid(s) for s in shapes])
    polygons = _polygonal_part(merged)
    if polygons is None or polygons.is_empty or polygons.area == 0:
        raise ValidationError(_("The boundary encloses no area."), code="empty")
    west, south, east, north = polygons.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValidationError(
            _("The boundary is not in WGS 84 longitude/latitude degrees."), code="not_wgs84"
        )
    return _as_dict(polygons)


def boundary_simplified(boundary: dict, tolerance: float = DISPLAY_TOLERANCE_DEGREES) -> dict:
    """A lighter copy of `boundary` for maps (never used to decide membership)."""
    simple = shape(boundary).simplify(tolerance, preserve_topology=True)
    polygons = _polygonal_part(shapely.make_valid(simple))
    return _as_dict(polygons) if polygons is not None and not polygons.is_empty else boundary


def _polygonal_geometries(document: object) -> list[dict]:
    not_polygon = ValidationError(
        _("The boundary must be a GeoJSON Polygon or MultiPolygon (or features of them)."),
        code="not_polygon",
    )
    if not isinstance(document, dict):
        raise not_polygon
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list) or not features:
            raise not_polygon
        return [g for feature in features for g in _polygonal_geometries(feature)]
    if kind == "Feature":
        return _polygonal_geometries(document.get("geometry"))
    if kind in POLYGONAL and isinstance(document.get("coordinates"), list):
        return [document]
    raise not_polygon


def _polygonal_part(geometry):
    """The polygons of `geometry` (make_valid may add lines or points), or None."""
    if geometry.geom_type in POLYGONAL:
        return geometry
    if geometry.geom_type == "GeometryCollection":
        parts = [g for g in geometry.geoms if g.geom_type in POLYGONAL]
        return shapely.union_all(parts) if parts else None
    return None


def _as_dict(geometry) -> dict:
    # mapping() gives tuples; the JSON field and the ray-casting test want lists.
    return json.loads(json.dumps(mapping(geometry)))


def boundary_from_bbox(text: str) -> dict:
    """The rectangle "west, south, east, north" (degrees) as a Polygon boundary."""
    try:
        west, south, east, north = (float(part) for part in text.replace(";", ",").split(","))
    except ValueError as error:
        raise ValidationError(
            _(
                "Give the box as four numbers: west, south, east, north "
                "(e.g. -1.3, 44.2, 0.3, 45.6)."
            ),
            code="bad_bbox",
        ) from error
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValidationError(
            _("The box must go from west to east and from south to north, in degrees."),
            code="bad_bbox",
        )
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}
