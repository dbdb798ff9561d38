"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Nothing leaves the machine (e2e/offline.py). A page's CSP refuses evaluated strings, so
`wait_for_function` is given a function (`"() => …"`), never a bare expression: an
expression is evaluated again each time it is polled, and the page refuses it.
"""

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from e2e.offline import CHROMIUM, VIEWPORTS, chromium_launch, keep_local

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make browser` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = chromium_launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param, VIEWPORTS[request.param]


@pytest.fixture
def page(browser, viewport, live_server):
    """A fresh browser page at the viewport under test; `page.base_url` is the live server."""
    name, size = viewport
    context = browser.new_context(viewport=size, is_mobile=name == "phone", locale="fr-FR")
    context.route("**/*", keep_local)
    page = context.new_page()
    page.base_url = live_server.url
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser, live_server):
    """A French page with JavaScript off, to prove the site works without it."""
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    context.route("**/*", keep_local)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def serious_violations(axe, page) -> list[str]:
    """axe-core violations of impact serious or critical on the current page, readable."""
    results = axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def other_origin(tmp_path):
    """A partner's site on another origin (127.0.0.1, another port): `other_origin(body)`
    serves a page whose body is `body` and gives its URL."""
    servers = []

    def serve(body: str) -> str:
        site = tmp_path / f"site-{len(servers)}"
        site.mkdir()
        (site / "index.html").write_text(
            '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Mairie</title>'
            f"</head><body>{body}</body></html>",
            encoding="utf-8",
        )
        handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/index.html"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
