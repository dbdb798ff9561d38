"""What a map view asks for: a bounding box, a zoom and the search page's filters.

Read by the same readers as a search (`params`), so that the map, the search page and the
API understand every filter alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from localiste.discovery.params import PAGE_NAMES, SearchRequest, search_request_parse
from localiste.discovery.readers import Notice, first_value, to_float, to_int
from localiste.search.geo import clamp_latitude, clamp_longitude
from localiste.search.query import MapQuery

MAX_MAP_ZOOM = 20


@dataclass
class MapRequest:
    query: MapQuery | None
    search: SearchRequest
    notices: list[Notice] = field(default_factory=list)

    @property
    def errors(self) -> list[Notice]:
        return [notice for notice in self.notices if notice.is_error]


def parse_bbox(raw: str, notices: list[Notice]) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) from "minLon,minLat,maxLon,maxLat", clamped to what
    the map shows (Web Mercator stops short of the poles); None with an error notice when it
    is not four numbers from the south-west corner to the north-east one.

    A view reaching past a pole or the antimeridian (a zoomed-out map shows them) is clamped,
    not refused: what lies beyond holds no maker.
    """
    parts = [to_float(part) for part in raw.split(",")] if raw else []
    if len(parts) != 4 or any(part is None for part in parts):
        notices.append(
            Notice(
                "bad_bbox",
                _("bbox must be four numbers: minLon,minLat,maxLon,maxLat."),
                is_error=True,
            )
        )
        return None
    min_lon, min_lat, max_lon, max_lat = parts
    if min_lon > max_lon or min_lat > max_lat:
        notices.append(
            Notice(
                "bad_bbox",
                _("bbox must go from the south-west corner to the north-east corner."),
                is_error=True,
            )
        )
        return None
    return (
        clamp_longitude(min_lon),
        clamp_latitude(min_lat),
        clamp_longitude(max_lon),
        clamp_latitude(max_lat),
    )


def map_request_parse(
    params: Mapping, *, names: Mapping[str, str] = PAGE_NAMES, max_features: int = 500
) -> MapRequest:
    """The map view `params` ask for: a bbox, a zoom and the search page's filters."""
    search = search_request_parse(params, names=names, with_facets=False)
    notices = list(search.notices)
    bbox = parse_bbox(first_value(params, "bbox"), notices)
    zoom = to_int(first_value(params, "zoom"))
    if zoom is None:
        notices.append(Notice("bad_zoom", _("zoom must be a whole number."), is_error=True))
    if bbox is None or zoom is None:
        return MapRequest(query=None, search=search, notices=notices)
    filters = search.query.filters
    return MapRequest(
        query=MapQuery(
            min_longitude=bbox[0],
            min_latitude=bbox[1],
            max_longitude=bbox[2],
            max_latitude=bbox[3],
            zoom=max(0, min(zoom, MAX_MAP_ZOOM)),
            text=search.text,
            filters=filters,
            max_features=max_features,
        ),
        search=search,
        notices=notices,
    )
