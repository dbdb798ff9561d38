"""Chromium kept on this machine, shared by the browser tests and the bench's time to map.

Nothing leaves the machine: every request to another host is answered here (map tiles get
a blank tile, anything else is refused).
"""

import os
import shutil
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


def chromium_launch(playwright):
    """Debian's Chromium, headless, without its background traffic."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
