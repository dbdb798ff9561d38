"""The bench database: N demo makers over the whole country, then a dense-city variant."""

import math
import random
import subprocess
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction

from localiste.makers.models import Maker
from localiste.opendata.services import demo_generate
from localiste.places.models import Place
from localiste.search.services import search_rebuild

DENSE_SHARE = 0.10


def database_prepare(makers: int, seed: int = 2012) -> dict:
    """Migrate, load the gazetteer and the demo makers (unless already there); timings (s)."""
    timings = {}
    call_command("migrate", verbosity=0, skip_checks=True)
    if not Place.objects.exists():
        call_command("gazetteer_load", country="FR", verbosity=0)
    if Maker.objects.count() != makers:
        Maker.objects.all().delete()
        started = time.perf_counter()
        summary = demo_generate(makers=makers, seed=seed, spread="country", progress=True)
        timings["demo_load"] = time.perf_counter() - started
        print(summary)
    return timings


def index_build() -> dict:
    started = time.perf_counter()
    steps = search_rebuild()
    return {"search_rebuild": time.perf_counter() - started, "steps": steps}


def metropolis() -> Place:
    """The most populous located commune: the dense variant crowds it."""
    return (
        Place.objects.filter(latitude__isnull=False, country_code="FR")
        .order_by("-population")
        .first()
    )


def densify(city: Place, seed: int = 7) -> list[tuple[float, float, int]]:
    """Move 10 % of the makers (every tenth id) within 15 km of `city`; their old places."""
    rng = random.Random(seed)
    step = int(1 / DENSE_SHARE)
    originals = list(
        Maker.objects.order_by("id").values_list("latitude", "longitude", "id")[::step]
    )
    rows = []
    for _, _, pk in originals:
        distance, angle = 15 * rng.random() ** 0.7, rng.random() * 2 * math.pi
        north, east = distance * math.sin(angle), distance * math.cos(angle)
        east_degree = 111.32 * math.cos(math.radians(city.latitude))
        rows.append((city.latitude + north / 111.32, city.longitude + east / east_degree, pk))
    coordinates_set(rows)
    return originals


def coordinates_set(rows: list[tuple[float, float, int]]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE makers_maker SET latitude = %s, longitude = %s WHERE id = %s", rows
        )


def database_file_warm() -> str | None:
    """Read the SQLite database file once, so that the OS holds it in memory as it would
    for a server that has been answering for a while; a note for the report (None when
    the database is not a file)."""
    if connection.vendor != "sqlite":
        return None
    path = Path(connection.settings_dict["NAME"])
    started, size = time.perf_counter(), path.stat().st_size
    # Read by another process: closing a file SQLite has open in this one would drop this
    # process's locks on it (sqlite.org/howtocorrupt.html, 2.2).
    subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=True)
    return (
        f"database file ({size / 2**30:.1f} GiB) read once in "
        f"{time.perf_counter() - started:.0f} s before measuring: warm-server figures"
    )
