"""The bench report: a Markdown table with the DESIGN.md budgets, and a JSON file."""

import json
from pathlib import Path

from uploads import upload_lines

# (budget p95 ms, what the budget is) — from DESIGN.md "Performance budgets".
BUDGETS = {
    "search": (30.0, "p95 ≤ 30 ms"),
    "API /api/v1/search": (30.0, "p95 ≤ 30 ms"),
    "map": (30.0, "p95 ≤ 30 ms, ≤ 500 features"),
    "API /api/v1/map": (30.0, "p95 ≤ 30 ms, ≤ 500 features"),
    "maker page, page cache": (2.0, "p95 ≤ 2 ms from the page cache"),
    "maker page": (15.0, "p95 ≤ 15 ms, ≤ 8 queries"),
}
# The maker page's HTTP throughput as a share of the floor's.
THROUGHPUT_BUDGET = 0.5


def budget_of(name: str) -> tuple[float | None, str]:
    for prefix, budget in BUDGETS.items():
        if name.startswith(prefix):
            return budget
    if name.startswith("autocomplete"):
        return 30.0, "p95 ≤ 30 ms (as search)"
    return None, ""


def markdown(results: dict) -> str:
    lines = []
    for run in results["runs"]:
        rows = run["rows"]
        floor = rows.get("floor (trivial view)", {}).get("p50")
        title = f"{results['database']} · N = {results['makers']:,} · {run['variant']}"
        lines.append(f"\n### {title}\n")
        if rows:
            lines += [
                "| measure | p50 ms | p95 ms | p99 ms | size | budget | ok |",
                "|---|---:|---:|---:|---:|---|:-:|",
            ]
        for name, stats in rows.items():
            limit, text = budget_of(name)
            ok = ""
            if limit is not None:
                ok = "✓" if stats["p95"] <= limit else "✗"
                if "queries" in stats and stats["queries"] > 8:
                    ok = "✗"
                if name.startswith("map") and stats.get("payload", 0) > 500:
                    ok = "✗"
            size = stats.get("payload", "")
            if "queries" in stats:
                size = f"{size} B, {stats['queries']} SQL"
            lines.append(
                f"| {name} | {stats['p50']} | {stats['p95']} | {stats['p99']} | {size} "
                f"| {text} | {ok} |"
            )
        for kind in ("text", "text+radius"):
            naive, fast = rows.get(f"naive {kind}"), rows.get(f"search {kind}")
            if naive and fast and fast["p50"]:
                ratio = naive["p50"] / fast["p50"]
                mark = "✓" if ratio >= 50 else "✗"
                lines.append(f"\nSpeed-up over the naive baseline ({kind}, p50): "
                             f"**{ratio:,.0f}×** (budget ≥ 50×) {mark}")  # fmt: skip
        if floor:
            lines.append(f"\nFloor (trivial Django view through the test Client): {floor} ms p50.")
        if "throughput" in run:
            lines += throughput_lines(run["throughput"])
        if "browser" in run:
            lines += browser_lines(run["browser"])
        if "uploads" in run:
            lines += upload_lines(run["uploads"])
        for note in run["notes"]:
            lines.append(f"- {note}")
    if results.get("timings"):
        lines.append("\nBuild: " + ", ".join(
            f"{name} {value:.1f} s" if isinstance(value, float) else f"{name} {value}"
            for name, value in results["timings"].items()
        ))  # fmt: skip
    return "\n".join(lines)


def throughput_lines(throughput: dict) -> list[str]:
    """The HTTP table: on each server under each load, the floor, the maker page and the API's
    search, with their share of the floor's throughput and their latencies against it."""
    ratio = throughput["ratio"]
    ok = "✓" if ratio is not None and ratio >= THROUGHPUT_BUDGET else "✗"
    lines = [
        f"\nHTTP under load ({SERVER_NOTE}, keep-alive clients, {throughput['seconds']:g} s "
        "each; latency as the clients see it):\n",
        "| server | clients | measure | requests/s | share of the floor | p50 ms | p95 ms "
        "| p95 ÷ floor's | page cache hits |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    servers = throughput.get("servers") or {
        "gunicorn": {
            throughput["clients"]: {
                "floor": throughput["floor"],
                "page": throughput["page"],
                "ratios": {"page": {"throughput": ratio}},
            }
        }
    }  # results written before the loads and servers were measured
    failed = 0
    for server, loads in servers.items():
        for clients, measures in loads.items():
            for name, measure in measures.items():
                if name == "ratios":
                    continue
                failed += measure["failed"]
                lines.append(_load_row(server, clients, name, measure, measures["ratios"]))
    lines.append(
        f"\nMaker page on gunicorn at {throughput['clients']} clients: "
        f"{(ratio or 0) * 100:.1f} % of the floor's throughput "
        f"(budget ≥ {THROUGHPUT_BUDGET * 100:.0f} %) {ok}"
    )
    if failed:
        lines.append(f"- {failed} requests failed or answered other than 200")
    return lines


SERVER_NOTE = "2 workers × 4 threads each, as `make run`"
MEASURE_NAMES = {"floor": "floor (trivial view)", "page": "maker page", "api": "API /api/v1/search"}


def _load_row(server, clients, name: str, measure: dict, ratios: dict) -> str:
    share, slower = ratios.get(name, {}).get("throughput"), ratios.get(name, {}).get("p95")
    hits = measure.get("cache_hits")
    return (
        f"| {server} | {clients} | {MEASURE_NAMES.get(name, name)} "
        f"| {measure['per_second']:,.0f} "
        f"| {'' if share is None else f'{share * 100:.1f} %'} "
        f"| {_ms(measure.get('p50'))} | {_ms(measure.get('p95'))} "
        f"| {'' if slower is None else f'{slower:.1f}×'} "
        f"| {'' if not hits else f'{hits * 100:.0f} %'} |"
    )


def browser_lines(timings: dict) -> list[str]:
    """Time to the first markers in Chromium by page and screen size: warm, and on a first
    visit (the browser's cache empty)."""
    if "skipped" in timings:
        return [f"\nTime to map: skipped, {timings['skipped']}."]
    lines = [
        "\nTime to map in Chromium (navigation to the first markers drawn, tiles stubbed; "
        "median of 5, min–max; warm: the browser's cache filled, first visit: empty):\n",
        "| page | desktop, warm | phone, warm | desktop, first visit | phone, first visit "
        "| goal (desktop, warm) | ok |",
        "|---|---:|---:|---:|---:|---|:-:|",
    ]
    for name, sizes in timings.items():
        goal = BROWSER_GOALS_MS.get(name)
        desktop = sizes["desktop"]["median"]
        ok = "" if goal is None else "✓" if desktop <= goal else "✗"
        measures = [sizes["desktop"], sizes["phone"]]
        measures += [sizes["desktop"]["first_visit"], sizes["phone"]["first_visit"]]
        cells = [
            f"{measure['median']:,.0f} ms ({measure['min']:,.0f}–{measure['max']:,.0f})"
            for measure in measures
        ]
        lines.append(
            f"| {name} | {' | '.join(cells)} | {'' if goal is None else f'≤ {goal} ms'} | {ok} |"
        )
    lines.append("- On a phone, the search page's time runs from navigation to the markers after "
                 "a tap on Map.")  # fmt: skip
    return lines


BROWSER_GOALS_MS = {"/carte/": 400, "search page with a place": 600}


def _ms(value) -> str:
    return "" if value is None else f"{value:.1f}"


def write(results: dict, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{results['date']}-{results['database']}-{results['makers']}.json"
    path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return path
