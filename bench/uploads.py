"""Uploads under load: large photos sent to the maker space while visitors search and write.

On gunicorn as `make run` starts it (bench/throughput.py), with the write-lock log of
bench/locks.py: first a quiet phase (searches and contact messages only), then UPLOADERS
makers each send a SIDE × SIDE photo through the real upload form at the same moment while
the searches and contact messages go on. Reported: the longest hold of SQLite's write lock
(the budget is 100 ms), search latency in both phases, and every answer that was not the
expected one. The photos are removed afterwards through the services, files included.
"""

from __future__ import annotations

import http.client
import io
import random
import secrets
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

from locks import LOG_ENV, lock_holds_read
from mix import TEXTS
from throughput import HEADERS, site_serving

UPLOADERS = 6
SIDE = 7000
SEARCHERS = 2
QUIET_SECONDS = 4.0
BENCH_ALT = "Photo envoyée par le banc d'essai"
BENCH_EMAIL_DOMAIN = "bench.localiste.invalid"
LOCK_BUDGET_MS = 100.0


def large_jpeg(side: int = SIDE) -> bytes:
    """A side × side JPEG with smooth areas and grain, about what a camera gives."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((side, side))
    grain = Image.effect_noise((side // 12, side // 12), 48).resize((side, side))
    picture = Image.merge("RGB", (gradient, grain, gradient.transpose(Image.Transpose.ROTATE_90)))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _uploaders(count: int) -> list[tuple[str, str]]:
    """(maker slug, session key) of `count` published makers, each managed by a bench account."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from localiste.makers.models import Maker, Membership

    makers = list(Maker.objects.filter(status=Maker.Status.PUBLISHED).order_by("id")[:count])
    accounts = []
    for index, maker in enumerate(makers):
        email = f"uploader-{index}@{BENCH_EMAIL_DOMAIN}"
        user, _created = get_user_model().objects.get_or_create(
            username=email, defaults={"email": email}
        )
        Membership.objects.get_or_create(
            user=user, maker=maker, defaults={"role": Membership.Role.OWNER}
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        accounts.append((maker.slug, session.session_key))
    return accounts


def _multipart(fields: dict[str, str], file_field: str, content: bytes) -> tuple[bytes, str]:
    boundary = "localiste-bench-" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    head = "".join(parts) + (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="atelier.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    )
    body = head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Recorder:
    """(started, seconds, status) of each request of one kind, from several threads."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float, int | None]] = []
        self.lock = threading.Lock()

    def timed(self, call) -> None:
        started = time.perf_counter()
        try:
            status = call()
        except (OSError, http.client.HTTPException):
            status = None
        with self.lock:
            self.samples.append((started, time.perf_counter() - started, status))

    def between(self, start: float, end: float) -> list[tuple[float, float, int | None]]:
        return [s for s in self.samples if start <= s[0] < end]


def _stats(samples, expected: set[int]) -> dict:
    durations = sorted(seconds for _started, seconds, _status in samples)
    if not durations:
        return {"n": 0}

    def at(share: float) -> float:
        return round(durations[min(len(durations) - 1, int(share * len(durations)))] * 1000, 1)

    unexpected: dict[str, int] = {}
    for _started, _seconds, status in samples:
        if status not in expected:
            unexpected[str(status)] = unexpected.get(str(status), 0) + 1
    return {
        "n": len(durations),
        "p50": at(0.5),
        "p95": at(0.95),
        "max": round(durations[-1] * 1000, 1),
        "unexpected": unexpected,
    }


def upload_load(*, makers: int, maker_slugs: list[str], side: int = SIDE) -> dict:
    """Run both phases on gunicorn; the figures for the report."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return {"skipped": "the write lock is SQLite's: run without DATABASE_URL"}
    accounts = _uploaders(UPLOADERS)
    photo = large_jpeg(side)
    token = secrets.token_hex(16)  # CSRF secret sent as cookie and as the form's token
    lock_log = Path(tempfile.mkdtemp(prefix="localiste-locks-")) / "holds.jsonl"
    searches, contacts, uploads = Recorder(), Recorder(), Recorder()
    stop = threading.Event()

    def request(port, method, path, *, body=None, headers=None, session=""):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            cookie = f"csrftoken={token}" + (f"; sessionid={session}" if session else "")
            connection.request(
                method, path, body=body, headers={**HEADERS, "Cookie": cookie, **(headers or {})}
            )
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def searcher(port, seed):
        rng = random.Random(seed)
        while not stop.is_set():
            query = urlencode({"q": rng.choice(TEXTS)})
            searches.timed(lambda query=query: request(port, "GET", f"/recherche/?{query}"))

    def contact_writer(port):
        rng = random.Random(7)
        number = 0
        while not stop.is_set():
            number += 1
            slug = rng.choice(maker_slugs)
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "name": "Banc d'essai",
                    "email": f"visitor-{number}@{BENCH_EMAIL_DOMAIN}",
                    "message": f"Bonjour, avez-vous des pièces en stock ? (message {number})",
                }
            )
            contacts.timed(
                lambda slug=slug, body=body: request(
                    port,
                    "POST",
                    f"/fabricants/{quote(slug)}/contact/",
                    body=body,
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
            )
            time.sleep(0.2)

    def uploader(port, slug, session):
        fields = {
            "csrfmiddlewaretoken": token,
            "kind": "gallery",
            "alt_text": BENCH_ALT,
            "caption": "",
        }
        body, content_type = _multipart(fields, "image", photo)
        uploads.timed(
            lambda: request(
                port,
                "POST",
                f"/espace/{quote(slug)}/photos/",
                body=body,
                headers={"Content-Type": content_type},
                session=session,
            )
        )

    environment = {LOG_ENV: str(lock_log)}
    try:
        serving = site_serving(makers=makers, ready_path="/bench/floor/", environment=environment)
        with serving as port:
            background = ThreadPoolExecutor(SEARCHERS + 1)
            for seed in range(SEARCHERS):
                background.submit(searcher, port, seed)
            background.submit(contact_writer, port)
            quiet_start = time.perf_counter()
            time.sleep(QUIET_SECONDS)
            upload_start = time.perf_counter()
            with ThreadPoolExecutor(len(accounts)) as senders:
                for slug, session in accounts:
                    senders.submit(uploader, port, slug, session)
            upload_end = time.perf_counter()
            stop.set()
            background.shutdown(wait=True)
        holds = lock_holds_read(lock_log)
    finally:
        removed = _bench_rows_remove([slug for slug, _session in accounts])
        lock_log.unlink(missing_ok=True)
        lock_log.parent.rmdir()
    return {
        "uploaders": len(accounts),
        "side": side,
        "photo_mb": round(len(photo) / 2**20, 1),
        "upload_seconds": round(upload_end - upload_start, 1),
        "uploads": _stats(uploads.samples, {302}),
        "search_quiet": _stats(searches.between(quiet_start, upload_start), {200}),
        "search_during_uploads": _stats(searches.between(upload_start, upload_end), {200}),
        "contact_during_uploads": _stats(contacts.between(upload_start, upload_end), {302}),
        "locks": holds,
        "photos_removed": removed,
    }


def _bench_rows_remove(slugs: list[str]) -> int:
    """Remove the bench's photos (through the services, files included) and messages."""
    from localiste.makers import services
    from localiste.makers.models import Photo
    from localiste.messaging.models import ContactMessage

    photos = list(Photo.objects.filter(maker__slug__in=slugs, alt_text=BENCH_ALT))
    for photo in photos:
        services.photo_delete(photo=photo, editor=None)
    ContactMessage.objects.filter(sender_email__endswith="@" + BENCH_EMAIL_DOMAIN).delete()
    return len(photos)


def upload_lines(result: dict) -> list[str]:
    """The report's table for `upload_load`."""
    if "skipped" in result:
        return [f"\nUploads under load: skipped ({result['skipped']})."]
    locks = result["locks"]
    longest = locks.get("longest_ms", 0.0)
    ok = "✓" if longest <= LOCK_BUDGET_MS else "✗"

    def row(name: str, stats: dict, budget: str = "", mark: str = "") -> str:
        if not stats.get("n"):
            return f"| {name} | 0 | | | | | {budget} | {mark} |"
        odd = ", ".join(f"{count}× {status}" for status, count in stats["unexpected"].items())
        return (
            f"| {name} | {stats['n']} | {stats['p50']} | {stats['p95']} | {stats['max']} "
            f"| {odd or '—'} | {budget} | {mark} |"
        )

    lines = [
        f"\nUploads under load ({result['uploaders']} photos of {result['side']}×"
        f"{result['side']} px, {result['photo_mb']} MB each, sent at once through the maker "
        f"space on gunicorn, {SEARCHERS} searchers and a contact message every 0.2 s around "
        f"them; all uploads answered in {result['upload_seconds']} s):\n",
        "| measure | n | p50 ms | p95 ms | max ms | unexpected answers | budget | ok |",
        "|---|---:|---:|---:|---:|---|---|:-:|",
        row("search /recherche/ (quiet)", result["search_quiet"]),
        row("search /recherche/ (during uploads)", result["search_during_uploads"]),
        row("contact message (during uploads)", result["contact_during_uploads"]),
        row("photo upload", result["uploads"]),
        f"| longest write-lock hold | {locks.get('transactions', 0)} | | | {longest} "
        f"| {locks.get('over_100ms', 0)} over 100 ms | ≤ {LOCK_BUDGET_MS:g} ms | {ok} |",
    ]
    if locks.get("top"):
        lines.append(
            "\nLongest holds: "
            + "; ".join(f"{hold_ms} ms by {request}" for hold_ms, request in locks["top"])
            + f". Longest wait for the lock: {locks['longest_wait_ms']} ms."
        )
    if locks.get("statements"):
        lines.append(
            f"Longest single writing statement outside a transaction (its wait for the lock "
            f"included): {locks['longest_statement_ms']} ms by "
            f"{locks['longest_statement_request']}."
        )
    return lines
