"""Chromium kept on this machine, shared by the browser tests and the bench's time to map.

Nothing leaves the machine. The tests route every request (`keep_local`: map tiles get a
blank tile, anything else is refused); routing turns the browser's HTTP cache off, so the
bench, which times a returning visitor, launches Chromium with every other host resolving
to nothing instead and serves its tiles from `tile_server`.
"""

import contextlib
import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLANK_TILE = (Path(__file__).parent / "blank-tile.png").read_bytes()
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def keep_local(route):
    """A context's route handler: this machine's servers answer, nothing else does."""
    url = route.request.url
    host = url.split("/")[2].split(":")[0] if "://" in url else ""
    if host in {"127.0.0.1", "localhost"}:
        route.continue_()
    elif route.request.resource_type == "image":
        route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
    else:
        route.abort()


def chromium_launch(playwright, *, local_hosts_only: bool = False):
    """Debian's Chromium, headless, without its background traffic; with `local_hosts_only`,
    any host but 127.0.0.1 and localhost fails to resolve (no routing, the cache kept)."""
    rules = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS + (rules if local_hosts_only else [])
    )


class _BlankTiles(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(BLANK_TILE)))
        self.send_header("Cache-Control", "public, max-age=86400")
        self.end_headers()
        self.wfile.write(BLANK_TILE)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def tile_server():
    """A tile server answering every tile with a blank one, for the block: yields its URL
    template, on localhost (another origin than the site's 127.0.0.1, as a tile host is)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BlankTiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    finally:
        server.shutdown()
        server.server_close()
