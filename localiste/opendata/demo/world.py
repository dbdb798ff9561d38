"""What the demo generator draws from: categories, labels and located places, read once.

`world_load` is the only function here that reads the database; the `World` it returns is
plain Python, so that the row generator stays a tight loop over tuples.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from localiste.catalog.models import Category, Label
from localiste.makers.services import category_with_ancestors
from localiste.opendata.demo.banks import craft_bank
from localiste.places.models import Place, Territory

KM_PER_DEGREE = 111.32


@dataclass(slots=True)
class TopCategory:
    id: int
    slug: str
    name_fr: str
    leaves: list[int]  # where a maker's primary category is picked (the top itself if none)
    label_weights: dict[int, float]  # label id → weight for makers of this craft


@dataclass(slots=True)
class PlaceTable:
    """Located places as parallel lists (index = position), with a cumulative population."""

    ids: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    postcodes: list[tuple[str, ...]] = field(default_factory=list)
    latitudes: list[float] = field(default_factory=list)
    longitudes: list[float] = field(default_factory=list)
    department_codes: list[str] = field(default_factory=list)
    region_codes: list[str] = field(default_factory=list)
    territory_ids: list[tuple[int, ...]] = field(default_factory=list)
    # Offsets (north km, east km) towards the nearest other places: a maker's address is
    # moved towards one of them, which keeps it on land next to coasts and estuaries.
    neighbours: list[tuple[tuple[float, float], ...]] = field(default_factory=list)
    max_offset_km: list[float] = field(default_factory=list)
    cum_weights: list[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(slots=True)
class World:
    tops: list[TopCategory]
    top_cum_weights: list[float]
    category_names: dict[int, str]
    ancestors: dict[int, tuple[int, ...]]
    top_of: dict[int, int]  # category id → index in `tops`
    places: PlaceTable
    bbox: tuple[float, float, float, float]  # min lat, min lon, max lat, max lon of the places


def world_load(*, spread: str) -> World:
    """Categories, labels and the located places makers are spread over ("territory"/"country")."""
    tops = _categories_load()
    places = _places_load(spread=spread)
    ancestors, top_of, names = {}, {}, {}
    for category in Category.objects.all().values("id", "name_fr"):
        names[category["id"]] = category["name_fr"]
        links = category_with_ancestors([category["id"]])
        ancestors[category["id"]] = tuple(pk for pk, is_direct in links.items() if not is_direct)
    top_index = {top.id: index for index, top in enumerate(tops)}
    for category_id, parents in ancestors.items():
        top_of[category_id] = top_index[parents[-1]] if parents else top_index[category_id]
    return World(
        tops=tops,
        top_cum_weights=list(accumulate(craft_bank(top.slug).weight for top in tops)),
        category_names=names,
        ancestors=ancestors,
        top_of=top_of,
        places=places,
        bbox=(
            min(places.latitudes),
            min(places.longitudes),
            max(places.latitudes),
            max(places.longitudes),
        ),
    )


def default_territory() -> Territory:
    try:
        return Territory.objects.get(slug=settings.DEFAULT_TERRITORY)
    except Territory.DoesNotExist:
        raise ImproperlyConfigured(
            f"The default territory {settings.DEFAULT_TERRITORY!r} does not exist: "
            "load the gazetteer first (manage.py gazetteer_load)."
        ) from None


def _categories_load() -> list[TopCategory]:
    rows = list(Category.objects.values("id", "slug", "name_fr", "parent_id"))
    if not rows:
        raise ImproperlyConfigured("No categories: run manage.py migrate first.")
    children = defaultdict(list)
    for row in rows:
        children[row["parent_id"]].append(row["id"])
    label_ids = dict(Label.objects.values_list("slug", "id"))
    generic_labels = {"fabrique-en-france": 1.0, "reparacteurs": 0.3}
    tops = []
    for row in sorted(rows, key=lambda row: row["id"]):
        if row["parent_id"] is not None:
            continue
        leaves, stack = [], list(children[row["id"]])
        while stack:
            category_id = stack.pop()
            if children[category_id]:
                stack.extend(children[category_id])
            else:
                leaves.append(category_id)
        weights = {**generic_labels, **craft_bank(row["slug"]).labels}
        tops.append(
            TopCategory(
                id=row["id"],
                slug=row["slug"],
                name_fr=row["name_fr"],
                leaves=sorted(leaves) or [row["id"]],
                label_weights={
                    label_ids[slug]: weight
                    for slug, weight in sorted(weights.items())
                    if slug in label_ids and weight > 0
                },
            )
        )
    return tops


def _places_load(*, spread: str) -> PlaceTable:
    territory = default_territory()
    places = Place.objects.filter(latitude__isnull=False, longitude__isnull=False)
    if spread == "country":
        places = places.filter(country_code=territory.country_code)
    else:
        places = _places_of(territory, places)
    territories = list(Territory.objects.values("id", "kind", "admin_code", "country_code"))
    table = PlaceTable()
    weight = 0.0
    columns = (
        "id",
        "name",
        "postcodes",
        "latitude",
        "longitude",
        "country_code",
        "department_code",
        "region_code",
        "epci_code",
        "population",
    )
    for row in places.order_by("id").values_list(*columns):
        pk, name, postcodes, lat, lon, country, department, region, epci, population = row
        table.ids.append(pk)
        table.names.append(name)
        table.postcodes.append(tuple(postcodes.split()) or ("",))
        table.latitudes.append(lat)
        table.longitudes.append(lon)
        table.department_codes.append(department)
        table.region_codes.append(region)
        table.territory_ids.append(
            _territories_containing(territories, country, region, department, epci)
        )
        table.max_offset_km.append(min(1.5, 0.35 + 0.0045 * math.sqrt(population)))
        # Tiny communes still get a few makers: a floor on the weight.
        weight += max(population, 150)
        table.cum_weights.append(weight)
    if not table.ids:
        raise ImproperlyConfigured(
            f"No located place in {territory.name}: load the gazetteer first "
            "(manage.py gazetteer_load)."
        )
    table.neighbours = _neighbours(table.latitudes, table.longitudes)
    return table


def _places_of(territory: Territory, places):
    code = territory.admin_code
    if territory.kind == Territory.Kind.COUNTRY:
        return places.filter(country_code=territory.country_code)
    if territory.kind == Territory.Kind.REGION and code:
        return places.filter(country_code=territory.country_code, region_code=code)
    if territory.kind == Territory.Kind.DEPARTEMENT and code:
        return places.filter(country_code=territory.country_code, department_code=code)
    if code:
        return places.filter(country_code=territory.country_code, epci_code=code)
    if territory.min_latitude is None:
        raise ImproperlyConfigured(f"Territory {territory.slug} has neither code nor bounds.")
    return places.filter(
        latitude__range=(territory.min_latitude, territory.max_latitude),
        longitude__range=(territory.min_longitude, territory.max_longitude),
    )


def _territories_containing(territories, country, region, department, epci) -> tuple[int, ...]:
    """Ids of the territories whose administrative code covers a place with these codes."""
    found = []
    for territory in territories:
        kind, code = territory["kind"], territory["admin_code"]
        if territory["country_code"] != country:
            continue
        if kind == Territory.Kind.COUNTRY:
            found.append(territory["id"])
        elif not code:
            continue
        elif (
            (kind == Territory.Kind.REGION and code == region)
            or (kind == Territory.Kind.DEPARTEMENT and code == department)
            or (kind in (Territory.Kind.METROPOLIS, Territory.Kind.CUSTOM) and code == epci)
        ):
            found.append(territory["id"])
    return tuple(sorted(found))


def _neighbours(latitudes: list[float], longitudes: list[float], *, count: int = 4):
    """For each place, offsets in km (north, east) to its `count` nearest places within 20 km."""
    cell = 0.2  # degrees; a 3×3 block of cells covers at least 20 km around a point
    grid = defaultdict(list)
    for index, (lat, lon) in enumerate(zip(latitudes, longitudes, strict=True)):
        grid[(int(lat // cell), int(lon // cell))].append(index)
    result = []
    for index, (lat, lon) in enumerate(zip(latitudes, longitudes, strict=True)):
        row, col = int(lat // cell), int(lon // cell)
        east_km = KM_PER_DEGREE * math.cos(math.radians(lat))
        candidates = []
        for d_row in (-1, 0, 1):
            for d_col in (-1, 0, 1):
                for other in grid.get((row + d_row, col + d_col), ()):
                    if other == index:
                        continue
                    north = (latitudes[other] - lat) * KM_PER_DEGREE
                    east = (longitudes[other] - lon) * east_km
                    distance = math.hypot(north, east)
                    if 0.05 < distance <= 20:
                        candidates.append((distance, north, east))
        candidates.sort()
        result.append(tuple((north, east) for _, north, east in candidates[:count]))
    return result
