"""The tags of an OpenStreetMap feature turned into the values of a listing.

- Category: the first of its `craft=*` values, then of its `shop=*` values, that the
  category map gives a category (`data/osm-categories.csv`, or the operator's own with
  `--category-map`): `tag,value,category`, where category is a slug of the tree, `food` for
  a trade of food or drink (the row is skipped as such), or empty for a value left out on
  purpose (most shops sell what others make). A food value the map does not list is told
  by its words (`categories.is_food`); any other value without a category is skipped and
  counted as unmapped.
- Name from `name`; address from `addr:housenumber`, `addr:street`, `addr:postcode`,
  `addr:city`; contact from `website`/`contact:website`, `phone`/`contact:phone`,
  `email`/`contact:email` (the first of a list "a;b").
- Commune: the one the address names, else (most crafts on the map give no address) the
  commune of the gazetteer nearest to the feature's point.
- Opening hours: `osm_hours.hours_read`; a value the parser refuses is kept as the note and
  reported as a warning, and the row imports all the same.

Every field is given, empty when the feature lacks the tag: the feature is the whole of
what the source says, so a tag removed on the map is removed here (unless edited here).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from localiste.catalog.models import Category
from localiste.makers.services.imports.values import HOURS_FIELD
from localiste.opendata.imports.categories import is_food
from localiste.opendata.imports.fields import FEATURE_ID
from localiste.opendata.imports.files import ImportFileError, RawRow
from localiste.opendata.imports.locate import Locator
from localiste.opendata.imports.osm_hours import hours_read
from localiste.opendata.imports.reasons import Skip
from localiste.opendata.imports.rows import URL_FIELDS, PreparedRow, RowPreparer
from localiste.places.models import Place
from localiste.search.geo import distance_km

DEFAULT_CATEGORY_MAP = Path(__file__).resolve().parent.parent / "data" / "osm-categories.csv"
TRADE_TAGS = ("craft", "shop")
FOOD = "food"
# The tags each field is read from, the first one given winning.
TAGS = {
    "key": (FEATURE_ID,),
    "name": ("name",),
    "postcode": ("addr:postcode",),
    "locality": ("addr:city",),
    "country": ("addr:country",),
    "email": ("email", "contact:email"),
    "phone": ("phone", "contact:phone"),
    "website": ("website", "contact:website", "url"),
}
# The mapping an OSM import records (the tags behind each field), for the operator.
OSM_MAPPING = {
    "key": FEATURE_ID,
    "name": "name",
    "category": "craft, shop",
    "street": "addr:housenumber addr:street",
    "postcode": "addr:postcode",
    "locality": "addr:city",
    "email": "email, contact:email",
    "phone": "phone, contact:phone",
    "website": "website, contact:website",
    "hours_note": "opening_hours",
}
# How far the nearest commune may be (its point is its town hall, more or less).
NEAREST_COMMUNE_MAX_KM = 15
_CELL_DEGREES = 0.1
_CELLS_KEPT = 5000


class CategoryMap:
    """Which category each craft=* and shop=* value gives (see the module's docstring)."""

    def __init__(self, entries: Mapping[tuple[str, str], Category | str | None]):
        self.entries = dict(entries)

    def category(self, tags: Mapping[str, str]) -> Category:
        """The category of a feature with `tags`, or Skip (food, unmapped, no trade)."""
        unmapped = ""
        for tag in TRADE_TAGS:
            for value in _values(tags.get(tag, "")):
                food = is_food(value.replace("_", " "))
                entry = self.entries.get((tag, value), FOOD if food else None)
                if isinstance(entry, Category):
                    return entry
                if entry == FOOD:
                    raise Skip("food_category", value=f"{tag}={value}")
                unmapped = unmapped or f"{tag}={value}"
        if unmapped:
            raise Skip("osm_unmapped", tag=unmapped)
        raise Skip("osm_no_trade")


def category_map_load(path: Path | str | None = None) -> CategoryMap:
    """The category map in the CSV file at `path` (default: the shipped one), every
    category it names checked against the tree; else ImportFileError saying where."""
    path = Path(path) if path else DEFAULT_CATEGORY_MAP
    by_slug = {category.slug: category for category in Category.objects.all()}
    entries: dict[tuple[str, str], Category | str | None] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line, row in enumerate(csv.reader(handle), start=1):
                if not row or row[0].strip().startswith("#") or row[0].strip() == "tag":
                    continue  # blank lines, comments, the header
                tag, value, slug = [*row, "", ""][:3]
                tag, value, slug = tag.strip(), value.strip(), slug.strip()
                if tag not in TRADE_TAGS or not value:
                    raise ImportFileError(
                        _(
                            "%(file)s, line %(line)d: the first column is craft or shop and "
                            "the second a value of that tag."
                        )
                        % {"file": path.name, "line": line}
                    )
                if slug and slug != FOOD and slug not in by_slug:
                    raise ImportFileError(
                        _("%(file)s, line %(line)d: no category “%(slug)s” in the tree.")
                        % {"file": path.name, "line": line, "slug": slug}
                    )
                entries[(tag, value)] = by_slug.get(slug) or (FOOD if slug == FOOD else None)
    except OSError as error:
        raise ImportFileError(
            _("The category map %(path)s cannot be read: %(error)s")
            % {"path": path, "error": error.strerror}
        ) from None
    except (UnicodeDecodeError, csv.Error):
        raise ImportFileError(
            _("The category map %(path)s is not a UTF-8 CSV file.") % {"path": path}
        ) from None
    return CategoryMap(entries)


def _values(text: str) -> list[str]:
    """The values of a tag: OSM separates several with ";"."""
    return [value.strip() for value in str(text).split(";") if value.strip()]


class NearestCommune:
    """The commune of the gazetteer nearest to a point, within NEAREST_COMMUNE_MAX_KM.

    The communes around a point are read once per cell of a tenth of a degree (with the
    cells around it), and a bounded number of cells is kept.
    """

    def __init__(self):
        self._cells: dict[tuple[int, int], list[Place]] = {}

    def find(self, latitude: float, longitude: float) -> Place | None:
        cell = (math.floor(latitude / _CELL_DEGREES), math.floor(longitude / _CELL_DEGREES))
        if cell not in self._cells:
            if len(self._cells) >= _CELLS_KEPT:
                self._cells.clear()
            low_lat, low_lon = (cell[0] - 1) * _CELL_DEGREES, (cell[1] - 1) * _CELL_DEGREES
            self._cells[cell] = list(
                Place.objects.filter(
                    kind__in=[Place.Kind.COMMUNE, Place.Kind.TOWN],
                    latitude__range=(low_lat, low_lat + 3 * _CELL_DEGREES),
                    longitude__range=(low_lon, low_lon + 3 * _CELL_DEGREES),
                ).order_by("pk")
            )
        nearest, nearest_km = None, NEAREST_COMMUNE_MAX_KM
        for place in self._cells[cell]:
            km = distance_km(latitude, longitude, place.latitude, place.longitude)
            if km <= nearest_km:
                nearest, nearest_km = place, km
        return nearest


class _OsmLocator(Locator):
    """A Locator that, for a feature whose address names no commune it knows, takes the
    commune nearest to the feature's point (`feature_point`, set for each row)."""

    def __init__(self):
        super().__init__()
        self.nearest = NearestCommune()
        self.feature_point: tuple[float, float] | None = None

    def commune(self, *, code: str, postcode: str, locality: str, country: str) -> Place:
        try:
            return super().commune(code=code, postcode=postcode, locality=locality, country=country)
        except Skip as skip:
            if self.feature_point is None:
                raise
            place = self.nearest.find(*self.feature_point)
            if place is None:
                raise skip from None
            return place


class OsmRowPreparer(RowPreparer):
    """Turns the features of an OSM export into listing values (see the module)."""

    def __init__(self, category_map: CategoryMap, *, warn: Callable[[str], None] | None = None):
        super().__init__(OSM_MAPPING)
        self.category_map = category_map
        self.locator = _OsmLocator()
        self.warn = warn
        self.warnings = 0

    def text(self, row: RawRow, name: str) -> str:
        if name == "street":
            street = self._tag(row, "addr:street")
            return f"{self._tag(row, 'addr:housenumber')} {street}".strip() if street else ""
        for tag in TAGS.get(name, ()):
            value = self._tag(row, tag)
            if value:
                # "a;b": OSM's list of values; a listing has one.
                return _values(value)[0] if name in ("email", "phone", "website") else value
        return ""

    @staticmethod
    def _tag(row: RawRow, tag: str) -> str:
        value = row.cells.get(tag)
        return "" if value is None else str(value).strip()

    def key(self, row: RawRow) -> str:
        key = self.text(row, "key")
        if not key:
            raise Skip("osm_no_id")
        return key

    def prepare(self, row: RawRow, key: str) -> PreparedRow:
        if row.problem is not None:
            raise Skip(row.problem[0], **row.problem[1])
        category = self.category_map.category(row.cells)
        name = self.text(row, "name")
        if not name:
            raise Skip("missing_name", column="name")
        values: dict[str, Any] = {"name": name, "primary_category": category}
        for field in ("street", "email", "phone", "website"):
            values[field] = self.text(row, field)
        for field in URL_FIELDS:
            url = values.get(field, "")
            if url and "://" not in url:
                values[field] = f"https://{url}"
        values.update(self._hours(row, key))
        self.locator.feature_point = _point(row.point)
        try:
            values.update(self._location(row))
        finally:
            self.locator.feature_point = None
        return PreparedRow(row.number, key, values)

    def _hours(self, row: RawRow, key: str) -> dict[str, Any]:
        text = self._tag(row, "opening_hours")
        reading = hours_read(text)
        if reading.refused:
            self.warnings += 1
            if self.warn is not None:
                self.warn(
                    _(
                        "Row %(row)d (key %(key)s): the opening hours “%(value)s” cannot be "
                        "read; they are kept as the note on the hours."
                    )
                    % {"row": row.number, "key": key, "value": text}
                )
        return {
            HOURS_FIELD: [list(period) for period in reading.periods],
            "hours_note": reading.note,
        }


def _point(point: tuple[Any, Any] | None) -> tuple[float, float] | None:
    if point is None:
        return None
    try:
        latitude, longitude = float(point[0]), float(point[1])
    except (TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude
