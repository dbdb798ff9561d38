"""make bench: build N makers, index them, and measure server time of the query mix.

    N=100000 make bench            # SQLite at bench/data/bench-sqlite-<N>.sqlite3
    DATABASE_URL=postgres://… N=100000 make bench

Server time is measured in-process (the selector call, or Django's test Client through the
whole middleware stack), next to the floor (a trivial view measured the same way) and the
naive baseline (ORM icontains + Python haversine over every row). HTTP throughput of the
maker page and of the floor is measured on gunicorn (bench/throughput.py), and so are large
photo uploads under load, with the longest hold of SQLite's write lock (bench/uploads.py).

    N=2000 make bench BENCH_ARGS=--quick           # a few minutes: fewer samples, no dense city
    N=2000 make bench BENCH_ARGS=--uploads-only    # the uploads under load alone
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]


def configure(makers: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("VAR_DIR", str(BENCH / "data" / "var"))
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DEBUG", "0")
    if not os.environ.get("DATABASE_URL"):
        (BENCH / "data").mkdir(exist_ok=True)
        path = BENCH / "data" / f"bench-sqlite-{makers}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "floor_urls"
    settings.API_ANON_RATE = "100000000/s"  # the bench measures, it does not abuse
    if os.environ.get("BENCH_STATIC") != "manifest":  # the browser's site has them collected
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 2)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "n": len(ordered)}


def timed(call, repeat: int, warmup: int = 3) -> tuple[dict, object]:
    for _ in range(warmup):
        last = call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        last = call()
        samples.append(time.perf_counter() - started)
    return percentiles(samples), last


def measure(
    makers: int, repeat: int, variant: str, near=None, throughput=False, uploads=False
) -> dict:
    from browser import time_to_map
    from data import database_file_warm
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import Resolver404, resolve
    from mix import maker_slugs_spread, mix_load
    from naive import naive_search
    from throughput import http_throughput

    from localiste.makers.selectors import maker_map, maker_search, maker_suggest

    mix = mix_load()
    client = Client(raise_request_exception=False)
    rows: dict[str, dict] = {}
    notes: list[str] = [note for note in [database_file_warm()] if note]

    def selector(name, factory, call, size=None):
        queries = [factory() for _ in range(repeat + 3)]
        iterator = iter(queries)
        stats, result = timed(lambda: call(next(iterator)), repeat)
        if size is not None:
            stats["payload"] = size(result)
        rows[name] = stats
        return result

    for kind in ("text", "text+category", "text+radius", "radius", "category+radius"):
        selector(
            f"search {kind}",
            lambda kind=kind: mix.search(kind, near),
            lambda query: maker_search(query=query),
            size=lambda page: len(page.makers),
        )
    selector("autocomplete", mix.prefix, lambda prefix: maker_suggest(prefix=prefix))
    for zoom in (5, 9, 12, 15):
        selector(
            f"map z{zoom}",
            lambda zoom=zoom: mix.map(zoom, near),
            lambda query: maker_map(query=query),
            size=lambda collection: len(collection["features"]),
        )
    selector(
        "map z9 text",
        lambda: mix.map(9, near, text=mix.rng.choice(["bijoux", "ceramique", "meuble"])),
        lambda query: maker_map(query=query),
        size=lambda collection: len(collection["features"]),
    )

    def page(name, url_factory, count_queries=False, cached=False):
        """Server time of the pages `url_factory` gives: rendered (the page cache off), or
        with `cached`, each page asked once before, so served from the page cache."""
        url = url_factory()
        try:
            resolve(url.split("?")[0])
        except Resolver404:
            notes.append(f"{name}: {url} does not resolve yet (skipped)")
            return
        with override_settings(PAGE_CACHE_SECONDS=600 if cached else 0):
            response = client.get(url)
            if response.status_code != 200:
                notes.append(f"{name}: {url} answered {response.status_code} (skipped)")
                return
            urls = [url_factory() for _ in range(repeat + 3)]
            if cached:
                for each in urls:
                    client.get(each)
            iterator = iter(urls)
            stats, response = timed(lambda: client.get(next(iterator)), repeat)
            stats["payload"] = len(response.content)
            if count_queries:
                with CaptureQueriesContext(connection) as captured:
                    client.get(url)
                stats["queries"] = len(captured.captured_queries)
        rows[name] = stats

    def api_search():
        """The whole search mix, as a partner's site would send it."""
        kind = mix.rng.choice(("text", "text+category", "text+radius", "radius", "category+radius"))
        query = mix.search(kind, near)
        params = {"q": query.text}
        if query.filters.category_ids:
            params["category"] = mix.category_slug_of[query.filters.category_ids[0]]
        if query.has_point:
            params.update(lat=query.latitude, lon=query.longitude, radius_km=query.radius_km)
        return "/api/v1/search?" + urlencode(params)

    def api_map():
        query = mix.map(mix.rng.choice([5, 9, 12, 15]), near)
        return (
            f"/api/v1/map?bbox={query.min_longitude},{query.min_latitude},"
            f"{query.max_longitude},{query.max_latitude}&zoom={query.zoom}"
        )

    page("floor (trivial view)", lambda: "/bench/floor/")
    page("API /api/v1/search", api_search)
    page("API /api/v1/map", api_map)
    page("page /recherche/", lambda: f"/recherche/?q={mix.search('text').text}")
    page("home /", lambda: "/")
    page("category page", lambda: f"/categories/{mix.rng.choice(mix.category_slugs)}/")
    page(
        "maker page",
        lambda: f"/fabricants/{mix.rng.choice(mix.maker_slugs)}/",
        count_queries=True,
    )
    page(
        "maker page, page cache",
        lambda: f"/fabricants/{mix.rng.choice(mix.maker_slugs)}/",
        count_queries=True,
        cached=True,
    )
    desk_rows(selector, mix)
    naive_repeat = 3 if makers >= 500_000 else 5
    for kind in ("text", "text+radius"):
        queries = [mix.search(kind, near) for _ in range(naive_repeat + 1)]
        iterator = iter(queries)
        stats, _ = timed(lambda it=iterator: naive_search(next(it)), naive_repeat, warmup=1)
        rows[f"naive {kind}"] = stats
    result = {"variant": variant, "rows": rows, "notes": notes}
    if throughput:
        result["throughput"] = http_throughput(
            makers=makers,
            floor_path="/bench/floor/",
            pages={
                "page": [f"/fabricants/{slug}/" for slug in maker_slugs_spread(20_000)],
                "api": [api_search() for _ in range(500)],
            },
        )
    if throughput:
        place = near or mix.places[0]
        result["browser"] = time_to_map(
            makers=makers,
            pages={
                "/carte/": "/carte/",
                "search page with a place": f"/recherche/?lieu={place.name}",
            },
        )
    if uploads:
        result["uploads"] = upload_load(makers=makers, maker_slugs=mix.maker_slugs)
    return result


def desk_rows(selector, mix) -> None:
    """The moderation desk at this size: a page of its queue as a site operator sees it
    (every territory), and the duplicate check a submission runs (indexed lookups)."""
    from django.contrib.auth import get_user_model

    from localiste.makers.duplicates import duplicates_find_for
    from localiste.makers.models import Maker
    from localiste.moderation.queue import queue_page
    from localiste.moderation.selectors import desk_scope

    operator, _ = get_user_model().objects.get_or_create(
        username="bench-operator", defaults={"email": "bench@example.org", "is_staff": True}
    )
    scope = desk_scope(user=operator)
    selector(
        "desk queue page",
        lambda: mix.rng.choice((1, 2, 3)),
        lambda number: queue_page(scope=scope, page=number),
        size=lambda page: len(page.items),
    )
    ids = list(Maker.objects.filter(slug__in=mix.maker_slugs[:500]).values_list("pk", flat=True))
    selector(
        "duplicate check (one listing)",
        lambda: Maker.objects.get(pk=mix.rng.choice(ids)),
        lambda maker: duplicates_find_for(maker=maker),
    )


def upload_load(*, makers: int, maker_slugs: list[str]) -> dict:
    from uploads import upload_load as run

    return run(makers=makers, maker_slugs=maker_slugs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--makers", type=int, default=int(os.environ.get("N", 100_000)))
    parser.add_argument("--repeat", type=int, default=200, help="queries per measure")
    parser.add_argument("--skip-dense", action="store_true", help="no dense-city variant")
    parser.add_argument("--reindex", action="store_true", help="rebuild the index even if set")
    parser.add_argument(
        "--quick", action="store_true", help="30 queries per measure, no dense-city variant"
    )
    parser.add_argument("--skip-uploads", action="store_true", help="no uploads under load")
    parser.add_argument(
        "--uploads-only", action="store_true", help="only the uploads under load (SQLite)"
    )
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.skip_dense = min(args.repeat, 30), True
    configure(args.makers)
    from data import coordinates_set, database_prepare, densify, index_build, metropolis
    from django.db import connection

    from localiste.search.services import search_check

    timings = database_prepare(args.makers)
    indexed, expected = search_check()["makers"]
    if args.reindex or "demo_load" in timings or indexed != expected:
        build = index_build()
        timings["search_rebuild"] = build["search_rebuild"]
        timings.update({f"  {k}": v for k, v in build["steps"].items()})
    from localiste.makers.duplicate_scan import duplicates_find_all

    scan = duplicates_find_all()  # the desk's bulk pass (manage.py duplicates_find)
    timings["duplicates_find (bulk pass)"] = scan.seconds["total"]
    results = {
        "date": datetime.date.today().isoformat(),
        "database": connection.vendor,
        "makers": args.makers,
        "timings": timings,
    }
    if args.uploads_only:
        from mix import mix_load

        run = {"variant": "uploads under load", "rows": {}, "notes": []}
        run["uploads"] = upload_load(makers=args.makers, maker_slugs=mix_load().maker_slugs)
        results["runs"] = [run]
        report(results)
        return
    results["runs"] = [
        measure(
            args.makers,
            args.repeat,
            "spread over the country",
            throughput=True,
            uploads=not args.skip_uploads,
        )
    ]
    report(results)
    if not args.skip_dense:
        city = metropolis()
        originals = densify(city)
        build = index_build()
        timings["dense search_rebuild"] = build["search_rebuild"]
        moved = len(originals)
        variant = f"dense: {moved:,} makers ({moved * 100 // args.makers} %) around {city.name}"
        results["runs"].append(measure(args.makers, args.repeat, variant, near=city))
        report(results)
        print("\nPutting the makers back where they were for the next run…")
        coordinates_set(originals)
        index_build()


def report(results: dict) -> None:
    """Write the results file and print the table (again after each variant)."""
    from report import markdown, write

    path = write(results, BENCH / "results")
    print(markdown(results))
    print(f"\nWritten to {path.relative_to(ROOT)}", flush=True)


if __name__ == "__main__":
    main()
