"""An operator's CSV of places (the towns of a territory abroad), read and checked.

One row per place, with a header. Columns, in English or French, any order: `name`
(required), `postcodes` (several separated by spaces or "|"), `latitude` and `longitude`
(degrees; both or neither), `code` (the place's official code; made from its postcode and
name when absent), `province` (or `department`) and `region` (the codes territories are
drawn by), `population`. UTF-8 (a BOM is fine) or Windows-1252; comma, semicolon or tab.
Every problem is reported with its line number and nothing is loaded until all are fixed.
"""

from __future__ import annotations

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from localiste.core.text import fold
from localiste.places.models import Place

MAX_PLACES_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS = 20
COLUMNS = {
    "name": {"name", "nom", "town", "ville", "commune"},
    "postcodes": {"postcodes", "postcode", "code_postal", "codes_postaux", "cp", "zip"},
    "latitude": {"latitude", "lat"},
    "longitude": {"longitude", "lon", "lng"},
    "code": {"code", "official_code", "code_officiel", "insee", "nis"},
    "department": {"province", "department", "departement", "department_code"},
    "region": {"region", "region_code"},
    "population": {"population"},
}


def places_csv_read(raw: bytes, *, country: str) -> dict[tuple[str, str], Place]:
    """The places of `raw` keyed by (country, code), or a ValidationError listing the problems."""
    check_size(len(raw))
    rows = csv.reader(io.StringIO(_decoded(raw)), dialect=_dialect(raw))
    header = next(rows, None)
    columns = _columns(header or [])
    places, problems = {}, []
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            place = _place(dict(zip(columns, row, strict=False)), country=country)
        except ValidationError as error:
            problems.append(_("Line %(line)s: %(error)s") % {"line": line, "error": error.message})
            if len(problems) >= MAX_PROBLEMS:
                problems.append(_("(the first %(count)s problems only)") % {"count": MAX_PROBLEMS})
                break
            continue
        places[(place.country_code, place.official_code)] = place
    if problems:
        raise ValidationError(problems)
    if not places:
        raise ValidationError(_("The file lists no place."))
    return places


def check_size(size: int) -> None:
    """Refuse a file of `size` bytes when it is too large to read."""
    if size > MAX_PLACES_BYTES:
        raise ValidationError(
            _("The file is too large (more than %(size)s MB).")
            % {"size": MAX_PLACES_BYTES // (1024 * 1024)}
        )


def _decoded(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _dialect(raw: bytes):
    sample = raw[:4096].decode("utf-8", errors="ignore")
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _columns(header: list[str]) -> list[str]:
    """The field of each column of `header` ("" for a column we do not read)."""
    names = [re.sub(r"[^a-z_]", "", fold(cell).replace(" ", "_")) for cell in header]
    fields = [next((f for f, aliases in COLUMNS.items() if n in aliases), "") for n in names]
    if "name" not in fields:
        raise ValidationError(
            _("The first line must name the columns, with at least “name” (or “nom”).")
        )
    return fields


def _place(values: dict[str, str], *, country: str) -> Place:
    name = values.get("name", "").strip()
    if not name:
        raise ValidationError(_("the name is empty."))
    postcodes = " ".join(re.split(r"[\s|]+", values.get("postcodes", "").strip())).strip()
    latitude, longitude = _coordinates(values)
    code = values.get("code", "").strip() or f"{postcodes.split(' ')[0]}:{fold(name)}"[:20]
    return Place(
        name=name[:160],
        name_folded=fold(name)[:160],
        kind=Place.Kind.TOWN,
        country_code=country,
        official_code=code,
        postcodes=postcodes[:255],
        department_code=_area_code(values, "department"),
        region_code=_area_code(values, "region"),
        epci_code="",
        population=_number(values.get("population", ""), _("the population"), int) or 0,
        latitude=latitude,
        longitude=longitude,
    )


def _area_code(values: dict[str, str], field: str) -> str:
    code = values.get(field, "").strip().upper()
    if len(code) > Place._meta.get_field(f"{field}_code").max_length:
        raise ValidationError(
            _("the code “%(code)s” is too long (5 characters at most).") % {"code": code}
        )
    return code


def _coordinates(values: dict[str, str]) -> tuple[float | None, float | None]:
    latitude = _number(values.get("latitude", ""), _("the latitude"), float)
    longitude = _number(values.get("longitude", ""), _("the longitude"), float)
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("give both the latitude and the longitude, or neither."))
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError(_("the latitude or longitude is out of range (degrees)."))
    return latitude, longitude


def _number(text: str, what: str, kind):
    text = text.strip().replace(",", ".") if kind is float else text.strip().replace(" ", "")
    if not text:
        return None
    try:
        return kind(text)
    except ValueError as error:
        raise ValidationError(
            _("%(what)s is not a number: “%(value)s”.") % {"what": what, "value": text}
        ) from error
