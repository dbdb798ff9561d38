"""One small writer per file format: each takes public makers one at a time, streaming.

A writer is given an open text file (`files.atomic_file`), writes its header at once, one
record per `write` and its footer at `close`; it never holds more than one maker. Every
writer reads the same `PublicMaker.values`, so the formats cannot disagree on what is public.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from localiste.makers.models.workshop import schema_amenities, schema_payment_accepted
from localiste.opendata.exports.rows import LIST_SEPARATOR, PublicMaker
from localiste.opendata.exports.schema import table_schema_field_names

SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class CsvWriter:
    """The CSV of the Table Schema (makers.schema.json): its columns in its order."""

    format = "csv"
    extension = "csv"
    media_type = "text/csv"

    def __init__(self, handle: TextIO) -> None:
        self.columns = table_schema_field_names()
        self.writer = csv.writer(handle)
        self.writer.writerow(self.columns)

    def write(self, maker: PublicMaker) -> None:
        self.writer.writerow([_cell(maker.values[name]) for name in self.columns])

    def close(self) -> None:
        pass


class GeoJsonWriter:
    """A FeatureCollection (RFC 7946): a point per maker, null for one nobody located yet."""

    format = "geojson"
    extension = "geojson"
    media_type = "application/geo+json"

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.separator = "\n"
        handle.write('{"type":"FeatureCollection","features":[')

    def write(self, maker: PublicMaker) -> None:
        properties = dict(maker.values)
        latitude, longitude = properties.pop("latitude"), properties.pop("longitude")
        geometry = (
            {"type": "Point", "coordinates": [longitude, latitude]}
            if latitude is not None and longitude is not None
            else None
        )
        feature = {"type": "Feature", "id": maker.values["slug"], "geometry": geometry}
        feature["properties"] = properties
        self.handle.write(self.separator + _json(feature))
        self.separator = ",\n"

    def close(self) -> None:
        self.handle.write("\n]}\n")


class JsonLdWriter:
    """One JSON-LD graph of schema.org LocalBusiness nodes, as the makers' pages describe
    themselves to search engines (the same @id: the page's address + "#business")."""

    format = "jsonld"
    extension = "jsonld"
    media_type = "application/ld+json"

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.separator = "\n"
        handle.write('{"@context":"https://schema.org","@graph":[')

    def write(self, maker: PublicMaker) -> None:
        self.handle.write(self.separator + _json(local_business(maker)))
        self.separator = ",\n"

    def close(self) -> None:
        self.handle.write("\n]}\n")


WRITERS = (CsvWriter, GeoJsonWriter, JsonLdWriter)


def local_business(maker: PublicMaker) -> dict[str, Any]:
    """A schema.org LocalBusiness node of `maker`, without its empty properties: those the
    maker's page writes in its structured data (sharing.structured_data), from the export's
    values."""
    values = maker.values
    address = {
        "@type": "PostalAddress",
        "streetAddress": values["street"],
        "postalCode": values["postcode"],
        "addressLocality": values["locality"],
        "addressCountry": values["country"],
    }
    node = {
        "@type": "LocalBusiness",
        "@id": values["url"] + "#business",
        "name": values["name"],
        "url": values["url"],
        "description": values["tagline"],
        "telephone": values["phone"],
        "foundingDate": str(values["founded_year"] or ""),
        "knowsAbout": values["categories"],
        "address": _without_empty(address),
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[weekday]}",
                "opens": f"{opens:%H:%M}",
                "closes": f"{closes:%H:%M}",
            }
            for weekday, opens, closes in maker.periods
        ],
        "sameAs": [
            values[name]
            for name in ("website", "shop_url", "instagram_url", "facebook_url")
            if values[name]
        ],
        "paymentAccepted": schema_payment_accepted(values["payment_methods"]),
        "knowsLanguage": values["languages_spoken"],
        "amenityFeature": schema_amenities(
            values["workshop_access"], values["workshop_access_note"]
        ),
    }
    if values["latitude"] is not None and values["longitude"] is not None:
        node["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": values["latitude"],
            "longitude": values["longitude"],
        }
    return _without_empty(node)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in ("", [], None)}
