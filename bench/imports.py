"""Import speed and memory: a generated CSV of N rows through `manage.py import_csv`.

    .venv/bin/python bench/imports.py --rows 100000
    .venv/bin/python bench/imports.py --rows 10000 --keep   # leave the folder for a look

In a throwaway folder: a SQLite database (WAL, as `make run` sets it) with the Gironde
gazetteer, and a CSV of N believable rows (a name, a category of the tree by its French
name, a commune by its INSEE code with its postcode and name, a point within a few km of
it, or none for one row in ten, located by the gazetteer; a tagline, a Markdown story, an
email, a phone, a website). The file is imported for real, then a second time (every row
unchanged), each run in a process of its own, so that its peak RSS is its own. Printed for
each run: the time, rows/s, peak RSS, and the longest hold of SQLite's write lock
(bench/locks.py), next to the budgets of issue 12 (100,000 rows in 5 min at most, memory
under 300 MB) and of DESIGN.md (no write lock held over 100 ms).

Peak RSS is the process's own high-water mark (VmHWM). An import reads the database through
SQLite's page cache (64 MB) rather than by mapping the file, so that it holds the same memory
whatever the size of the directory; the anonymous part (the heap and that page cache) is
printed beside it.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

TIME_BUDGET_S = 300.0  # for 100,000 rows
RSS_BUDGET_MB = 300.0
LOCK_BUDGET_MS = 100.0
PREFIXES = [
    "Atelier", "Maison", "Studio", "Les Ateliers", "Fabrique", "Manufacture", "Collectif",
    "Créations", "Au fil de", "L'Établi de", "Chez", "Les Mains de",
]  # fmt: skip
_SURNAMES = """Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent
Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier
Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry
Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin
Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël Meyer
Lucas Meunier Jean Perez Marchand Dufour Blanchard Marie Barbier Brun Dumas Brunet Schmitt Leroux
Colin Fernandez Pierre Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud
Lemoine Picard Gaillard Philippe Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Da Silva Hubert
Louis Charles Guillot Rivière Le Gall Guillaume Adam Rey Moulin Gonzalez Berger Lecomte"""
SURNAMES = _SURNAMES.split()
_FIRST_NAMES = """Léa Emma Chloé Manon Camille Inès Jade Louise Zoé Lina Alice Rose Anna Julia
Juliette Lou Ambre Nina Eva Sarah Lucas Hugo Louis Gabriel Arthur Jules Adam Raphaël Léo Paul
Nathan Tom Ethan Noah Mathis Théo Sacha Axel Victor Martin"""
FIRST_NAMES = _FIRST_NAMES.split()
SENTENCES = [
    "Tout a commencé dans un **garage** de la rive droite, avec deux outils et beaucoup "
    "de patience.",
    "Chaque pièce est dessinée, coupée et assemblée à la main dans notre atelier.",
    "Nous travaillons des matières locales, choisies chez des producteurs que nous connaissons.",
    "L'atelier se visite sur rendez-vous : venez voir comment naissent nos créations.",
    "Nous réparons aussi ce que nous fabriquons, parce qu'un bel objet dure longtemps.",
    "Commandes sur mesure bienvenues, du croquis à la livraison.",
]
COLUMNS = [
    "id", "Nom", "Catégorie", "Accroche", "Description", "Adresse", "Code postal", "Ville",
    "Code commune", "Latitude", "Longitude", "Courriel", "Téléphone", "Site",
]  # fmt: skip


def configure(folder: Path) -> dict:
    """Environment of the bench's processes: settings pointed at the folder."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        VAR_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder / 'imports.sqlite3'}",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        DEBUG="0",  # as in production (with DEBUG on, Django keeps the SQL of each query)
        EMAIL_URL="locmem://",
        LOG_LEVEL="ERROR",
        GEOCODER="",
    )
    os.environ.update(env)
    return env


def database_prepare() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from localiste.places.services import gazetteer_load, territory_sync_from_places

    gazetteer_load(department="33")
    territory_sync_from_places()


def csv_write(path: Path, rows: int, seed: int = 2012) -> None:
    """A CSV of `rows` rows, written one at a time (the generator holds no list of rows)."""
    from localiste.catalog.models import Category
    from localiste.places.models import Place

    rng = random.Random(seed)
    categories = list(
        Category.objects.filter(children__isnull=True).values_list("name_fr", flat=True)
    )
    communes = list(
        Place.objects.filter(department_code="33", latitude__isnull=False).values_list(
            "official_code", "name", "postcodes", "latitude", "longitude"
        )
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for number in range(rows):
            code, commune, postcodes, latitude, longitude = rng.choice(communes)
            name = f"{rng.choice(PREFIXES)} {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            located = rng.random() >= 0.1
            writer.writerow(
                [
                    f"B{number:07d}",
                    name,
                    rng.choice(categories),
                    "Fabriqué à la main en Gironde",
                    " ".join(rng.sample(SENTENCES, 3)),
                    f"{rng.randint(1, 120)} rue des Artisans",
                    postcodes.split()[0] if postcodes else "",
                    commune,
                    code,
                    f"{latitude + rng.uniform(-0.03, 0.03):.6f}" if located else "",
                    f"{longitude + rng.uniform(-0.03, 0.03):.6f}" if located else "",
                    f"contact{number}@atelier-{number}.example.org",
                    f"05 56 {number % 100:02d} {number // 100 % 100:02d} {number % 97:02d}",
                    f"www.atelier-{number}.example.org",
                ]
            )


CHILD = """
import sys, threading, time
sys.path[:0] = [{root!r}, {bench!r}]
from imports import anonymous_kb
from locks import lock_watch_install, request_label_set
lock_watch_install({log!r})
request_label_set("import batches")
peak = [0]
def sample():
    while True:
        peak[0] = max(peak[0], anonymous_kb())
        time.sleep(0.2)
threading.Thread(target=sample, daemon=True).start()
import django
django.setup()
from django.core.management import call_command
from localiste.opendata.imports import runs
finish = runs.makers_import_finish
def finish_labelled(**options):
    request_label_set("counts and duplicates, at the end")
    finish(**options)
    request_label_set("import batches")
runs.makers_import_finish = finish_labelled
started = time.perf_counter()
call_command({command!r}, *{arguments!r}, verbosity=0)
with open("/proc/self/status", encoding="ascii") as status:
    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(time.perf_counter() - started, max(peak[0], anonymous_kb()), hwm)
"""


def anonymous_kb() -> int:
    """This process's anonymous memory (its heap, SQLite's page cache), in KiB: the RSS less
    the pages of files it maps (the database, which settings map with PRAGMA mmap_size)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    return 0


def import_once(env: dict, folder: Path, label: str, command: str, arguments: list[str]) -> dict:
    """Run `manage.py COMMAND ARGUMENTS…` in a process of its own: its seconds, peak RSS and
    lock holds. bench/sirene.py times its imports with it too."""
    from locks import lock_holds_read

    log = folder / f"locks-{label}.jsonl"
    log.unlink(missing_ok=True)
    code = CHILD.format(
        root=str(ROOT), bench=str(BENCH), log=str(log), command=command, arguments=arguments
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    output = process.stdout.read()
    process.stdout.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the {label} import failed")
    seconds, anonymous, high_water = output.strip().splitlines()[-1].split()
    return {
        "seconds": float(seconds),
        # The process's own peak (VmHWM), and what wait4 says: Linux counts in ru_maxrss the
        # parent's memory at the fork, before the exec (large once it loaded a gazetteer).
        "rss_mb": int(high_water) / 1024,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "anonymous_mb": int(anonymous) / 1024,
        "locks": lock_holds_read(log),
    }


def run_counts() -> dict:
    from localiste.opendata.models import ImportRun

    run = ImportRun.objects.order_by("-pk").first()
    return {
        "created": run.created_count,
        "updated": run.updated_count,
        "unchanged": run.unchanged_count,
        "skipped": run.skipped_count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the bench folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="localiste-bench-imports-"))
    try:
        env = configure(folder)
        database_prepare()
        csv_path = folder / "makers.csv"
        started = time.perf_counter()
        csv_write(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        print(
            f"CSV: {args.rows:,} rows, {size_mb:.1f} MB, written in "
            f"{time.perf_counter() - started:.1f} s ({folder})"
        )
        budget = TIME_BUDGET_S * args.rows / 100_000
        for label in ("first", "again"):
            figures = import_once(
                env,
                folder,
                label,
                "import_csv",
                [
                    str(csv_path),
                    "--source",
                    "bench",
                    "--create-source",
                    "--name",
                    "Banc d'essai",
                    "--publish",
                ],
            )
            counts = run_counts()
            locks = figures["locks"]
            print(
                f"{label:>5}: {figures['seconds']:7.1f} s (budget {budget:.0f} s), "
                f"{args.rows / figures['seconds']:7,.0f} rows/s, peak RSS "
                f"{figures['rss_mb']:4.0f} MB of which anonymous {figures['anonymous_mb']:4.0f} MB "
                f"(budget {RSS_BUDGET_MB:.0f} MB), longest write "
                f"lock {locks.get('longest_ms', 0):.0f} ms over {locks.get('transactions', 0)} "
                f"transactions, {locks.get('over_100ms', 0)} over {LOCK_BUDGET_MS:.0f} ms "
                f"(longest statement outside one: {locks.get('longest_statement_ms', 0):.0f} ms) "
                f"· {counts}"
            )
            for hold_ms, request in locks.get("top", [])[:3]:
                print(f"       longest holds: {hold_ms:.0f} ms in {request}")
    finally:
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
