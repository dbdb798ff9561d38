"""Writes to the gazetteer and the territories: loading the shipped open data."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from localiste.core.text import fold
from localiste.places.boundaries import boundary_clean, boundary_simplified
from localiste.places.geometry import boundary_bbox
from localiste.places.models import Place, PostalCode, Territory
from localiste.places.places_csv import places_csv_read
from localiste.places.selectors import territory_places
from localiste.places.signals import territory_changed

DATA_DIR = Path(__file__).resolve().parent / "data"
COMMUNES_FILE = DATA_DIR / "communes-fr.csv.gz"
TOWNS_FILE = DATA_DIR / "towns-world.csv.gz"
TERRITORIES_FILE = DATA_DIR / "territories.json"
BATCH_SIZE = 2000
# Fields the shipped files set; a second load compares them to skip unchanged rows.
DATA_FIELDS = [
    "name",
    "name_folded",
    "kind",
    "postcodes",
    "department_code",
    "region_code",
    "epci_code",
    "population",
    "latitude",
    "longitude",
]


def _read_rows(path: Path, *, country: str | None, department: str | None) -> Iterator[dict]:
    """Rows of one gzip CSV gazetteer file, filtered to a country and a département."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as lines:
        for row in csv.DictReader(lines):
            if country and row["country_code"] != country:
                continue
            if department and row["department_code"] != department:
                continue
            yield row


def _place_from_row(row: dict) -> Place:
    return Place(
        name=row["name"],
        name_folded=fold(row["name"]),
        kind=row["kind"],
        country_code=row["country_code"],
        official_code=row["official_code"],
        postcodes=row["postcodes"],
        department_code=row["department_code"],
        region_code=row["region_code"],
        epci_code=row["epci_code"],
        population=int(row["population"] or 0),
        latitude=float(row["latitude"]) if row["latitude"] else None,
        longitude=float(row["longitude"]) if row["longitude"] else None,
    )


def _gazetteer_files(path: Path | None, *, country: str | None, department: str | None):
    """The files to load: `path` (a file or a folder), else the shipped ones that can match."""
    if path is not None:
        return sorted(path.glob("*.csv.gz")) if path.is_dir() else [path]
    if department or country == "FR":
        return [COMMUNES_FILE]  # the world file holds no French place
    return [COMMUNES_FILE, TOWNS_FILE]


@transaction.atomic
def gazetteer_load(
    *, path: Path | None = None, country: str | None = None, department: str | None = None
) -> int:
    """Create or update the places (and their postcodes) of the gazetteer files; how many changed.

    Idempotent: places are keyed by (country, official code), unchanged ones are left alone,
    so a second run writes nothing and returns 0.
    """
    country = country.upper() if country else None
    incoming = {}
    for file in _gazetteer_files(path, country=country, department=department):
        for row in _read_rows(file, country=country, department=department):
            incoming[(row["country_code"], row["official_code"])] = _place_from_row(row)
    return _places_upsert(incoming, _existing_places(country=country, department=department))


@transaction.atomic
def places_import(*, raw: bytes, country: str) -> int:
    """Create or update the places of an operator's CSV (`places_csv`); how many changed.

    For a territory abroad, where the shipped world file has neither postcodes nor
    provinces. Idempotent like `gazetteer_load`; a file with any bad row loads nothing.
    """
    country = country.upper()
    incoming = places_csv_read(raw, country=country)
    codes = [code for _country, code in incoming]
    existing = {
        (p.country_code, p.official_code): p
        for p in Place.objects.filter(country_code=country, official_code__in=codes)
    }
    return _places_upsert(incoming, existing)


def _places_upsert(incoming: dict[tuple, Place], existing: dict[tuple, Place]) -> int:
    """Create or update `incoming` ((country, code) → Place) against `existing`; how many."""
    to_create, to_update = [], []
    for key, place in incoming.items():
        current = existing.get(key)
        if current is None:
            to_create.append(place)
        elif any(getattr(current, f) != getattr(place, f) for f in DATA_FIELDS):
            place.pk = current.pk
            to_update.append(place)
    Place.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Place.objects.bulk_update(to_update, DATA_FIELDS, batch_size=BATCH_SIZE)
    if to_create or to_update:
        _sync_postcodes(incoming, changed=to_create + to_update)
    return len(to_create) + len(to_update)


def _existing_places(*, country: str | None, department: str | None) -> dict[tuple, Place]:
    places = Place.objects.exclude(official_code="").only(
        "country_code", "official_code", *DATA_FIELDS
    )
    if country:
        places = places.filter(country_code=country)
    if department:
        places = places.filter(department_code=department)
    return {(p.country_code, p.official_code): p for p in places.iterator(chunk_size=BATCH_SIZE)}


def _sync_postcodes(incoming: dict[tuple, Place], *, changed: list[Place]) -> None:
    """Make the PostalCode rows of the `changed` places match their `postcodes` field."""
    wanted_by_key = {
        (p.country_code, p.official_code): set(p.postcodes.split()) for p in changed if p.postcodes
    }
    ids = {}
    # bulk_create does not return primary keys on every database: read them back.
    for country in {key[0] for key in wanted_by_key}:
        codes = [key[1] for key in wanted_by_key if key[0] == country]
        for start in range(0, len(codes), BATCH_SIZE):
            ids.update(
                ((country, code), pk)
                for code, pk in Place.objects.filter(
                    country_code=country, official_code__in=codes[start : start + BATCH_SIZE]
                ).values_list("official_code", "pk")
            )
    changed_ids = list(ids.values())
    present = set()
    for start in range(0, len(changed_ids), BATCH_SIZE):
        present.update(
            PostalCode.objects.filter(
                place_id__in=changed_ids[start : start + BATCH_SIZE]
            ).values_list("place_id", "code")
        )
    wanted = {(ids[key], code) for key, codes in wanted_by_key.items() for code in codes}
    stale = present - wanted
    for place_id, code in stale:
        PostalCode.objects.filter(place_id=place_id, code=code).delete()
    PostalCode.objects.bulk_create(
        [PostalCode(place_id=place_id, code=code) for place_id, code in sorted(wanted - present)],
        batch_size=BATCH_SIZE,
    )


@transaction.atomic
def territory_sync_from_places(*, path: Path = TERRITORIES_FILE) -> list[Territory]:
    """Create or update the territories described in `path`, framed by their located places.

    Each entry gives slug, name, kind, country code, admin code, parent slug and
    presentations; the bounding box and centre come from the located places the territory
    covers, unless the entry sets `bbox` ([west, south, east, north]) itself — France does,
    since its overseas communes would stretch a computed box around the globe.
    """
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    territories = []
    for entry in entries:
        parent = Territory.objects.filter(slug=entry.get("parent", "")).first()
        territory, _created = Territory.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "kind": entry["kind"],
                "country_code": entry.get("country_code", "FR"),
                "admin_code": entry.get("admin_code", ""),
                "parent": parent,
                "presentation_fr": entry.get("presentation_fr", ""),
                "presentation_en": entry.get("presentation_en", ""),
            },
        )
        territory_frame(territory=territory, bbox=entry.get("bbox"))
        territories.append(territory)
    return territories


def territory_frame(*, territory: Territory, bbox: list[float] | None = None) -> Territory:
    """Set the territory's bounding box and centre from `bbox` or from its located places.

    Left unchanged when none of its places is located (e.g. its places are not loaded).
    """
    if bbox is None:
        located = territory_places(territory).filter(
            latitude__isnull=False, longitude__isnull=False
        )
        points = list(located.values_list("longitude", "latitude"))
        if not points:
            return territory
        bbox = [
            min(lon for lon, _ in points),
            min(lat for _, lat in points),
            max(lon for lon, _ in points),
            max(lat for _, lat in points),
        ]
    west, south, east, north = bbox
    territory.min_longitude, territory.min_latitude = west, south
    territory.max_longitude, territory.max_latitude = east, north
    territory.longitude = round((west + east) / 2, 5)
    territory.latitude = round((south + north) / 2, 5)
    territory.save(
        update_fields=[
            "min_longitude",
            "min_latitude",
            "max_longitude",
            "max_latitude",
            "longitude",
            "latitude",
        ]
    )
    return territory


# What a territory contains depends on these; its name or presentation do not change it.
TERRITORY_EXTENT_FIELDS = ("kind", "country_code", "admin_code", "boundary", "is_active")


@transaction.atomic
def territory_save(*, territory: Territory, places: list[Place] | None = None) -> Territory:
    """Save `territory` (new or changed) as an operator set it; `places` lists a custom area's.

    A custom area is framed by its boundary or its places. When what it contains may have
    changed, `territory_changed` is sent (once the places are stored), so that the makers'
    side works out again which listings belong to it, in a background task: a country holds
    every listing.
    """
    before = Territory.objects.filter(pk=territory.pk).values(*TERRITORY_EXTENT_FIELDS).first()
    listed_before = set(territory.listed_places.values_list("pk", flat=True)) if before else set()
    if territory.boundary:
        territory.boundary = boundary_clean(territory.boundary)
    territory.boundary_display = (
        boundary_simplified(territory.boundary) if territory.boundary else None
    )
    territory.full_clean()
    territory.save()
    if places is not None:
        territory.listed_places.set(places)
    listed_now = set(territory.listed_places.values_list("pk", flat=True))
    now = {name: getattr(territory, name) for name in TERRITORY_EXTENT_FIELDS}
    recoded = before is None or any(before[f] != now[f] for f in ("kind", "admin_code"))
    if territory.boundary and (bbox := boundary_bbox(territory.boundary)):
        territory_frame(territory=territory, bbox=list(bbox))
    elif recoded or listed_now != listed_before or territory.min_latitude is None:
        territory_frame(territory=territory)
    if before != now or listed_now != listed_before:
        territory_changed.send(sender=Territory, territory_id=territory.pk)
    return territory


@transaction.atomic
def territory_delete(*, territory: Territory) -> None:
    """Delete `territory`; its makers simply stop belonging to it.

    What the search index still holds of it is harmless: nothing can ask for a territory
    that no longer exists, and facets name only existing ones.
    """
    territory.delete()
