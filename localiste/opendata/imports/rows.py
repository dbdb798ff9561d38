"""One row of a file turned into the values of a listing, or the reason it is left out.

Only the fields the mapping names are given (a field the file does not have is never
touched on the listing), plus what locating the row gives: its commune, its point and how
precise that is, and the commune's name, postcode and country where the file leaves them
out. Values are then checked by the listing's own rules (`makers_import_plan` and
`makers_import_batch` refuse what a Maker would refuse).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from localiste.opendata.imports.categories import CategoryFinder
from localiste.opendata.imports.fields import FIELDS, TEXT_FIELDS
from localiste.opendata.imports.files import RawRow
from localiste.opendata.imports.locate import Locator
from localiste.opendata.imports.reasons import Skip

URL_FIELDS = ("website", "shop_url", "instagram_url", "facebook_url")


@dataclass(frozen=True)
class PreparedRow:
    number: int
    key: str
    values: dict[str, Any]


class RowPreparer:
    """Turns the rows of one file into listing values, with the mapping of its import."""

    def __init__(self, mapping: Mapping[str, str]):
        self.mapping = dict(mapping)
        self.categories = CategoryFinder()
        self.locator = Locator()

    def text(self, row: RawRow, name: str) -> str:
        """The cell of `row` that the mapping gives for field `name`, stripped ("" if none)."""
        column = self.mapping.get(name)
        value = row.cells.get(column) if column else None
        return "" if value is None else str(value).strip()

    def key(self, row: RawRow) -> str:
        """The key of `row` in its source, or Skip."""
        key = self.text(row, "key")
        if not key:
            raise Skip("missing_key", column=self.mapping["key"])
        return key

    def prepare(self, row: RawRow, key: str) -> PreparedRow:
        """The listing values of `row` (its key found already), or Skip."""
        if row.problem is not None:
            raise Skip(row.problem[0], **row.problem[1])
        name = self.text(row, "name")
        if not name:
            raise Skip("missing_name", column=self.mapping["name"])
        category = self.text(row, "category")
        if not category:
            raise Skip("missing_category", column=self.mapping["category"])
        values: dict[str, Any] = {"primary_category": self.categories.find(category)}
        for field in TEXT_FIELDS:
            if field in self.mapping:
                values[field] = self.text(row, field)
        for field in URL_FIELDS:
            url = values.get(field, "")
            if url and "://" not in url:
                values[field] = f"https://{url}"  # "www.atelier.fr", as people write it
        if "founded_year" in self.mapping:
            year = self.text(row, "founded_year")
            values["founded_year"] = year or None
        values.update(self._location(row))
        return PreparedRow(row.number, key, values)

    def _location(self, row: RawRow) -> dict[str, Any]:
        postcode, locality = self.text(row, "postcode"), self.text(row, "locality")
        country = self.text(row, "country")
        place = self.locator.commune(
            code=self.text(row, "commune_code"),
            postcode=postcode,
            locality=locality,
            # A country code (FR, BE…); a name ("France") means the installation's country.
            country=country if len(country) == 2 and country.isalpha() else "",
        )
        latitude, longitude = row.point or (self.text(row, "latitude"), self.text(row, "longitude"))
        point = self.locator.point(
            place=place,
            latitude=latitude,
            longitude=longitude,
            street=self.text(row, "street"),
            postcode=postcode,
        )
        return {
            "place": place,
            "postcode": postcode or (place.postcodes.split() or [""])[0],
            "locality": locality or place.name,
            "country": place.country_code,
            "latitude": point.latitude,
            "longitude": point.longitude,
            "location_precision": point.precision,
        }


def field_label(name: str) -> str:
    """The operator's name for a listing field that refused a value."""
    by_listing_field = {field.listing_field or field.name: field for field in FIELDS.values()}
    field = by_listing_field.get(name)
    if field is not None:
        return str(field.label)
    if name == "source_key":
        return str(FIELDS["key"].label)
    return name
