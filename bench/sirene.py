"""SIRENE import speed and memory: a generated StockEtablissement of N rows through
`manage.py import_sirene`.

    .venv/bin/python bench/sirene.py --rows 1000000
    .venv/bin/python bench/sirene.py --rows 200000 --keep    # leave the database for a look

The file (bench/data/StockEtablissement-<N>.csv, kept for the next runs: bench/data/ is not
in git) has the 53 official columns and the national stock's mix, roughly: more than half
of the establishments closed, food, trade and services around a few manufacturers (about 4
in 100 of the open ones, a fifth of them in activities the NAF map leaves out), one in ten
not diffusible, communes all over France (Gironde 3 in 100, Corsica and overseas among
them), Lambert-93 coordinates near the commune's centre or "[ND]". The import runs in a
throwaway folder with a SQLite database (WAL) holding the Gironde gazetteer (bench/imports.py
prepares it), each run in a process of its own, so that its peak RSS is its own:

- dry run, `--departement 33`: the whole file read, the Gironde rows planned;
- real run, `--departement 33`: the Gironde rows written;
- the same again: every listing unchanged;
- with `--national`, every département into a source of its own (the whole gazetteer
  loaded first): some 14,000 listings written for 1,000,000 rows;
- with `--legal-units`, the Gironde again into a source of its own, joined with a generated
  StockUniteLegale of one legal unit a row (both files read whole).

Printed for each: the time, rows/s over the file's rows, peak RSS (the process's VmHWM, and
ru_maxrss as wait4 gives it) and its anonymous part (the heap; the rest is pages of mapped
files), next to issue 12's budget of 300 MB whatever the file's size, and the longest hold
of SQLite's write lock.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from imports import RSS_BUDGET_MB, configure, database_prepare, import_once  # noqa: E402

DATA = BENCH / "data"
COMMUNES = ROOT / "localiste" / "places" / "data" / "communes-fr.csv.gz"
# Activities of open establishments, with their weights (per thousand).
FOOD = ["10.71C", "10.71D", "10.13B", "11.02B", "10.52Z"]
MANUFACTURING = [
    "16.24Z", "31.09B", "32.12Z", "14.13Z", "23.41Z", "15.12Z", "32.99Z", "25.99B", "13.92Z",
    "18.12Z", "16.23Z", "20.42Z",
]  # fmt: skip
UNMAPPED = ["29.10Z", "30.11Z", "33.12Z", "21.20Z", "25.62B", "28.29B"]
OTHERS = [
    "47.91A", "62.01Z", "43.21A", "56.10A", "68.20B", "86.21Z", "96.02A", "49.41A", "70.22Z",
    "47.11B", "45.20A", "85.59A", "90.01Z", "41.20A", "01.11Z",
]  # fmt: skip
STREET_TYPES = ["RUE", "AV", "BD", "CHE", "PL", "ALL", "IMP", "QUAI", "RTE", "LD", ""]
STREETS = [
    "DES FAURES", "DU MARECHAL LECLERC", "SAINTE CATHERINE", "DE LA REPUBLIQUE", "VICTOR HUGO",
    "DES ARTISANS", "DU PORT", "JEAN JAURES", "DE LA GARE", "DES VIGNES",
]  # fmt: skip
WORDS = ["ATELIER", "MAISON", "FABRIQUE", "LES ATELIERS", "STUDIO", "SARL", "SAS"]
NAMES = ["DU CHAI", "DES CHARTRONS", "DE LA LUNE", "MARTIN", "DUBOIS", "BOIS ET FER", "DU PORT"]


def communes_read() -> tuple[list, list]:
    """(Gironde communes, the others): (code, name, postcode, latitude, longitude)."""
    gironde, others = [], []
    with gzip.open(COMMUNES, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] != "commune" or not row["latitude"]:
                continue
            entry = (
                row["official_code"],
                row["name"].upper(),
                (row["postcodes"].split() or [""])[0],
                float(row["latitude"]),
                float(row["longitude"]),
            )
            (gironde if row["department_code"] == "33" else others).append(entry)
    return gironde, others


def stock_write(path: Path, rows: int, seed: int = 2154) -> None:
    """A StockEtablissement-like CSV of `rows` rows, written one at a time."""
    from pyproj import Transformer

    from localiste.opendata.imports.sirene import STOCK_COLUMNS

    rng = random.Random(seed)
    to_lambert = Transformer.from_crs(4326, 2154, always_xy=True)
    gironde, others = communes_read()
    temporary = path.with_suffix(".part")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=STOCK_COLUMNS, restval="")
        writer.writeheader()
        for number in range(rows):
            code, commune, postcode, latitude, longitude = rng.choice(
                gironde if rng.random() < 0.03 else others
            )
            draw = rng.random()
            if draw < 0.01:
                activity = rng.choice(FOOD)
            elif draw < 0.042:
                activity = rng.choice(MANUFACTURING)
            elif draw < 0.05:
                activity = rng.choice(UNMAPPED)
            else:
                activity = rng.choice(OTHERS)
            siren = f"{100000000 + number * 7 % 899999999:09d}"
            cells = {
                "siren": siren,
                "nic": f"{number % 99999:05d}",
                "siret": f"{siren}{number % 99999:05d}",
                "statutDiffusionEtablissement": "P" if rng.random() < 0.1 else "O",
                "dateCreationEtablissement": f"{rng.randint(1970, 2025)}-0{rng.randint(1, 9)}-15",
                "trancheEffectifsEtablissement": rng.choice(["NN", "00", "01", "02", "03"]),
                "etablissementSiege": rng.choice(["true", "false"]),
                "nombrePeriodesEtablissement": str(rng.randint(1, 5)),
                "numeroVoieEtablissement": str(rng.randint(1, 150)),
                "typeVoieEtablissement": rng.choice(STREET_TYPES),
                "libelleVoieEtablissement": rng.choice(STREETS),
                "codePostalEtablissement": postcode,
                "libelleCommuneEtablissement": commune,
                "codeCommuneEtablissement": code,
                "dateDebut": "2020-01-01",
                "etatAdministratifEtablissement": "F" if rng.random() < 0.55 else "A",
                "activitePrincipaleEtablissement": activity,
                "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
                "caractereEmployeurEtablissement": rng.choice(["O", "N"]),
                "coordonneeLambertAbscisseEtablissement": "[ND]",
                "coordonneeLambertOrdonneeEtablissement": "[ND]",
            }
            if rng.random() < 0.3:
                cells["enseigne1Etablissement"] = f"{rng.choice(WORDS)} {rng.choice(NAMES)}"
            elif rng.random() < 0.3:
                cells["denominationUsuelleEtablissement"] = f"{rng.choice(WORDS)} {number}"
            if rng.random() < 0.8:
                x, y = to_lambert.transform(
                    longitude + rng.uniform(-0.02, 0.02), latitude + rng.uniform(-0.02, 0.02)
                )
                cells["coordonneeLambertAbscisseEtablissement"] = f"{x:.1f}"
                cells["coordonneeLambertOrdonneeEtablissement"] = f"{y:.1f}"
            writer.writerow(cells)
    temporary.rename(path)


def legal_units_write(path: Path, stock: Path) -> None:
    """A StockUniteLegale-like CSV: one legal unit for each SIREN of `stock`, a company (a
    name) or a sole trader (a first name and a surname, diffusible or not)."""
    rng = random.Random(5490)
    columns = [
        "siren", "statutDiffusionUniteLegale", "dateCreationUniteLegale",
        "categorieJuridiqueUniteLegale", "denominationUniteLegale", "prenom1UniteLegale",
        "nomUniteLegale", "nomUsageUniteLegale", "activitePrincipaleUniteLegale",
        "etatAdministratifUniteLegale",
    ]  # fmt: skip
    temporary = path.with_suffix(".part")
    with (
        stock.open(encoding="utf-8", newline="") as source,
        temporary.open("w", encoding="utf-8", newline="") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in csv.DictReader(source):
            person = rng.random() < 0.6
            writer.writerow(
                [
                    row["siren"],
                    "P" if person and rng.random() < 0.15 else "O",
                    "2001-02-03",
                    "1000" if person else "5499",
                    "" if person else f"{rng.choice(WORDS)} {rng.choice(NAMES)}",
                    rng.choice(["CAMILLE", "LOUIS", "JEANNE"]) if person else "",
                    rng.choice(["DURAND", "MARTIN", "LEROY"]) if person else "",
                    "",
                    row["activitePrincipaleEtablissement"],
                    "A",
                ]
            )
    temporary.rename(path)


def run_counts() -> dict:
    from localiste.opendata.models import ImportRun

    run = ImportRun.objects.order_by("-pk").first()
    return {
        "created": run.created_count,
        "unchanged": run.unchanged_count,
        "skipped": run.skipped_count,
        "reasons": run.skipped_reasons,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the bench folder")
    parser.add_argument(
        "--national",
        action="store_true",
        help="also import every département (the whole gazetteer loaded first): many writes",
    )
    parser.add_argument(
        "--legal-units",
        action="store_true",
        help="also import the Gironde with a generated StockUniteLegale (one unit a row)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="localiste-bench-sirene-"))
    try:
        env = configure(folder)
        database_prepare()
        DATA.mkdir(exist_ok=True)
        path = DATA / f"StockEtablissement-{args.rows}.csv"
        if not path.exists():
            started = time.perf_counter()
            stock_write(path, args.rows)
            print(f"written in {time.perf_counter() - started:.0f} s")
        size_mb = path.stat().st_size / 1e6
        print(f"StockEtablissement: {args.rows:,} rows, {size_mb:.0f} MB ({path})")
        common = ["--source", "sirene", "--create-source", "--publish", "--departement", "33"]
        runs = [("dry run", [*common, "--dry-run"]), ("first", common), ("again", common)]
        if args.national:
            started = time.perf_counter()
            # In a process of its own: this one stays small, its children's figures their own.
            code = (
                "import django; django.setup(); from localiste.places.services import "
                "gazetteer_load, territory_sync_from_places; gazetteer_load(); "
                "territory_sync_from_places()"
            )
            subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)
            print(f"gazetteer of France loaded in {time.perf_counter() - started:.0f} s")
            runs.append(("national", ["--source", "sirene-fr", "--create-source", "--publish"]))
        if args.legal_units:
            units = DATA / f"StockUniteLegale-{args.rows}.csv"
            if not units.exists():
                legal_units_write(units, path)
            arguments = ["--source", "sirene-ul", "--create-source", "--departement", "33"]
            runs.append(("legal units", [*arguments, "--unites-legales", str(units)]))
        for label, arguments in runs:
            figures = import_once(
                env, folder, label.replace(" ", "-"), "import_sirene", [str(path), *arguments]
            )
            locks = figures["locks"]
            print(
                f"{label:>8}: {figures['seconds']:6.1f} s, "
                f"{args.rows / figures['seconds']:8,.0f} rows/s, peak RSS "
                f"{figures['rss_mb']:4.0f} MB (ru_maxrss {figures['maxrss_mb']:4.0f} MB) of which "
                f"anonymous {figures['anonymous_mb']:4.0f} MB (budget {RSS_BUDGET_MB:.0f} MB), "
                f"longest write lock "
                f"{locks.get('longest_ms', 0):.0f} ms over {locks.get('transactions', 0)} "
                f"transactions · {run_counts()}"
            )
            for hold_ms, request in locks.get("top", [])[:3]:
                print(f"          longest holds: {hold_ms:.0f} ms in {request}")
    finally:
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
