"""HTTP under load: gunicorn as `make run` starts it, driven by concurrent keep-alive clients
(8, then 32), with each request's latency as a client sees it.

The server gets the bench's settings (bench/wsgi.py); the clients are threads of this process
and share the machine's cores with it, as on a small server under load. They announce a
browser, so that maker pages count their views as they do for people.
"""

import http.client
import importlib.util
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WORKERS, THREADS = 2, 4  # as `make run`
CLIENTS = WORKERS * THREADS  # every server thread busy
LOADS = (CLIENTS, 4 * CLIENTS)  # concurrent keep-alive clients: 8, then 32 queueing
HEADERS = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0 localiste-bench"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(connection: http.client.HTTPConnection, path: str) -> int:
    return _get_cached(connection, path)[0]


def _get_cached(connection: http.client.HTTPConnection, path: str) -> tuple[int, bool]:
    """The status of GET `path`, and whether the page cache answered it."""
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    response.read()
    return response.status, response.getheader("X-Page-Cache") == "hit"


def _wait_ready(port: int, server: subprocess.Popen, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit code {server.returncode})")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            if _get(connection, path) == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise RuntimeError(f"the server did not answer {path} within {timeout:.0f} s")


def _drive(port: int, paths: list[str], seconds: float, clients: int = CLIENTS) -> dict:
    """What `clients` keep-alive connections get in `seconds`, each request on a random path:
    requests answered per second, and the latency of each (p50/p95, ms, client side)."""
    deadline = time.perf_counter() + seconds

    def client(seed: int) -> tuple[int, int, int, list[float]]:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        answered = failed = hits = 0
        latencies = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status, hit = _get_cached(connection, rng.choice(paths))
            except (OSError, http.client.HTTPException):
                status, hit = None, False
                connection.close()  # reconnects on the next request
            latencies.append(time.perf_counter() - started)
            answered += status == 200
            failed += status != 200
            hits += hit
        connection.close()
        return answered, failed, hits, latencies

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        counts = list(pool.map(client, range(clients)))
    elapsed = time.perf_counter() - started
    answered = sum(ok for ok, *_ in counts)
    latencies = sorted(latency for *_, each in counts for latency in each)
    return {
        "requests": answered,
        "failed": sum(failed for _, failed, *_ in counts),
        "per_second": round(answered / elapsed, 1),
        "p50": _percentile_ms(latencies, 0.50),
        "p95": _percentile_ms(latencies, 0.95),
        # The share of pages the page cache answered (0 for pages it does not keep).
        "cache_hits": round(sum(hits for _, _, hits, _ in counts) / max(answered, 1), 3),
    }


def _percentile_ms(ordered: list[float], share: float) -> float | None:
    if not ordered:
        return None
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 2)


def _server_command(server: str, port: int) -> list[str]:
    """How `server` serves bench/wsgi.py with WORKERS processes of THREADS threads each."""
    if server == "granian":
        return [
            sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(WORKERS), "--blocking-threads", str(THREADS),
            "--working-dir", str(BENCH), "--log-level", "warning", "wsgi:application",
        ]  # fmt: skip
    return [
        sys.executable, "-m", "gunicorn", "wsgi:application", "--chdir", str(BENCH),
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
        "--log-level", "warning",
    ]  # fmt: skip


def servers_available() -> list[str]:
    """gunicorn (what `make run` starts), and granian when it is installed."""
    return ["gunicorn"] + (["granian"] if importlib.util.find_spec("granian") else [])


@contextmanager
def site_serving(
    *, makers: int, ready_path: str, environment: dict | None = None, server: str = "gunicorn"
):
    """The bench's site on `server` (gunicorn as `make run` starts it, or granian) on a free
    port, for the block.

    The server is stopped whatever happens; its log is printed if it fails to start.
    """
    port = _free_port()
    command = _server_command(server, port)
    environment = {**os.environ, "BENCH_MAKERS": str(makers), **(environment or {})}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, env=environment, stdout=log, stderr=log)
        try:
            _wait_ready(port, server, ready_path)
            yield port
        except RuntimeError:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-3000:])
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def http_throughput(
    *, makers: int, floor_path: str, pages: dict[str, list[str]], seconds: float = 5
) -> dict:
    """Requests per second and latencies for the floor and for each of `pages` (name → paths
    drawn at random), under each load of LOADS clients, on each server available.

    Each measure follows a one-second warm-up, then starts from an empty page cache.
    "floor", "page" and "ratio" are those of gunicorn (what `make run` starts) at CLIENTS
    clients: the maker page's share of the floor's throughput, DESIGN.md's budget.
    "servers" holds every server's loads, each page with its ratios to the floor measured on
    the same server under the same load.
    """
    servers = {}
    for server in servers_available():
        loads = {}
        with site_serving(makers=makers, ready_path=floor_path, server=server) as port:
            for clients in LOADS:
                measures = {}
                for name, paths in (("floor", [floor_path]), *pages.items()):
                    _drive(port, paths, 1, clients)
                    _pages_forget()  # every measure starts from a cold page cache
                    measures[name] = _drive(port, paths, seconds, clients)
                loads[clients] = measures | {"ratios": _ratios(measures)}
        servers[server] = loads
    base = servers["gunicorn"][CLIENTS]
    return {
        "server": f"gunicorn, {WORKERS} workers × {THREADS} threads",
        "clients": CLIENTS,
        "seconds": seconds,
        "floor": base["floor"],
        "page": base["page"],
        "ratio": base["ratios"]["page"]["throughput"],
        "servers": servers,
    }


def _pages_forget() -> None:
    """Empty the page cache the servers share with this process (the same settings)."""
    from django.core.cache import caches

    caches["pages"].clear()


def _ratios(measures: dict) -> dict:
    """Each page against the floor: its share of the floor's throughput, and how many times
    the floor's latency its p50 and p95 are."""
    floor = measures["floor"]

    def ratio(top, bottom):
        return round(top / bottom, 3) if top is not None and bottom else None

    return {
        name: {
            "throughput": ratio(measure["per_second"], floor["per_second"]),
            "p50": ratio(measure["p50"], floor["p50"]),
            "p95": ratio(measure["p95"], floor["p95"]),
        }
        for name, measure in measures.items()
        if name != "floor"
    }
