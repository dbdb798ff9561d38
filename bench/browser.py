"""Time to map in a real browser: Debian's Chromium (Playwright) from navigation to the first
markers drawn, on /carte/ and on a search page with a place, desktop and phone sizes, warm.

The site runs on gunicorn as `make run` starts it, with its static files collected and
served as in production (hashed names, compressed). Map tiles come from a local server that
answers a blank image, and every other host fails to resolve: the bench never reaches the
internet, and the browser keeps its HTTP cache (Playwright's routing would turn it off). A
page's time is `performance.now()` when the first
marker or cluster enters the DOM, so from the start of navigation; each page is loaded once
to warm the caches (the browser's and the server's), then `repeat` times.
"""

import os
import statistics
import subprocess
import sys
from pathlib import Path

from throughput import site_serving

from e2e.offline import CHROMIUM, VIEWPORTS, chromium_launch, tile_server

BENCH = Path(__file__).resolve().parent
FIRST_MARKER = """
window.__firstMarker = null;
new MutationObserver(function (records, observer) {
  if (document.querySelector(".map-point, .map-cluster")) {
    window.__firstMarker = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def _collect_static(makers: int) -> None:
    """The static files as a deployment has them (CompressedManifestStaticFilesStorage)."""
    environment = {**os.environ, "BENCH_MAKERS": str(makers), "BENCH_STATIC": "manifest"}
    subprocess.run(
        [sys.executable, str(BENCH / "collect_static.py")],
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _first_marker_ms(page, path: str, *, tap_map: bool) -> float:
    page.goto(path)
    if tap_map:  # phones show the results' list first: the visitor taps "Map"
        page.click("[data-view=map]")
    # (wait_for_function would evaluate a string, which the site's CSP refuses)
    page.wait_for_selector(".map-point, .map-cluster", state="attached", timeout=60_000)
    return page.evaluate("window.__firstMarker")


def _summary(samples: list[float]) -> dict:
    return {
        "median": round(statistics.median(samples), 1),
        "min": round(min(samples), 1),
        "max": round(max(samples), 1),
        "samples": [round(sample, 1) for sample in samples],
    }


def _samples(browser, viewport: dict, base_url: str, path: str, repeat: int, *, fresh: bool):
    """`repeat` times to the first marker on `path`: in one context after a first load that
    fills its cache (a returning visitor), or each in a new context (a first visit)."""
    tap_map = viewport["width"] < 600 and path.startswith("/recherche/")
    samples, context = [], None
    for attempt in range(repeat + (0 if fresh else 1)):
        if context is None or fresh:
            if context is not None:
                context.close()
            context = browser.new_context(viewport=viewport, base_url=base_url)
            context.add_init_script(FIRST_MARKER)
            page = context.new_page()
        sample = _first_marker_ms(page, path, tap_map=tap_map)
        if fresh or attempt:
            samples.append(sample)
    context.close()
    return samples


def time_to_map(*, makers: int, pages: dict[str, str], repeat: int = 5) -> dict:
    """{page name: {viewport: {median, min, max, samples (ms), first_visit: {…}}}} for each
    of `pages`: warm (the browser's cache filled by a first load), and on a first visit
    (an empty browser cache; the server warm)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM} (make browser installs it)"}
    _collect_static(makers)
    timings: dict[str, dict] = {name: {} for name in pages}
    with (
        tile_server() as tiles,
        site_serving(
            makers=makers,
            ready_path="/bench/floor/",
            environment={"BENCH_STATIC": "manifest", "TILE_URL": tiles},
        ) as port,
        sync_playwright() as playwright,
    ):
        browser = chromium_launch(playwright, local_hosts_only=True)
        base_url = f"http://127.0.0.1:{port}"
        try:
            for viewport_name, viewport in VIEWPORTS.items():
                for name, path in pages.items():
                    warm = _samples(browser, viewport, base_url, path, repeat, fresh=False)
                    first = _samples(browser, viewport, base_url, path, repeat, fresh=True)
                    timings[name][viewport_name] = {
                        **_summary(warm),
                        "first_visit": _summary(first),
                    }
        finally:
            browser.close()
    return timings
