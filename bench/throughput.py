"""HTTP throughput: gunicorn as `make run` starts it, driven by concurrent keep-alive clients.

The server gets the bench's settings (bench/wsgi.py); the clients are threads of this process
and share the machine's cores with it, as on a small server under load. They announce a
browser, so that maker pages count their views as they do for people.
"""

import http.client
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
HEADERS = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0 localiste-bench"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    response.read()
    return response.status


def _wait_ready(port: int, server: subprocess.Popen, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit code {server.returncode})")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            if _get(connection, path) == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise RuntimeError(f"gunicorn did not answer {path} within {timeout:.0f} s")


def _drive(port: int, paths: list[str], seconds: float) -> dict:
    """Requests answered by CLIENTS keep-alive connections in `seconds`, each on a random path."""
    deadline = time.perf_counter() + seconds

    def client(seed: int) -> tuple[int, int]:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        answered = failed = 0
        while time.perf_counter() < deadline:
            try:
                status = _get(connection, rng.choice(paths))
            except (OSError, http.client.HTTPException):
                status = None
                connection.close()  # reconnects on the next request
            answered += status == 200
            failed += status != 200
        connection.close()
        return answered, failed

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        counts = list(pool.map(client, range(CLIENTS)))
    elapsed = time.perf_counter() - started
    answered = sum(ok for ok, _ in counts)
    return {
        "requests": answered,
        "failed": sum(failed for _, failed in counts),
        "per_second": round(answered / elapsed, 1),
    }


@contextmanager
def gunicorn_serving(*, makers: int, ready_path: str, environment: dict | None = None):
    """The bench's site on gunicorn (as `make run` starts it) on a free port, for the block.

    The server is stopped whatever happens; its log is printed if it fails to start.
    """
    port = _free_port()
    command = [
        sys.executable, "-m", "gunicorn", "wsgi:application", "--chdir", str(BENCH),
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
        "--log-level", "warning",
    ]  # fmt: skip
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
    *, makers: int, floor_path: str, page_paths: list[str], seconds: float = 5
) -> dict:
    """Requests per second of gunicorn for the floor and for pages drawn from `page_paths`.

    Each measure follows a one-second warm-up.
    """
    with gunicorn_serving(makers=makers, ready_path=floor_path) as port:
        measures = {}
        for name, paths in (("floor", [floor_path]), ("page", page_paths)):
            _drive(port, paths, 1)
            measures[name] = _drive(port, paths, seconds)
    floor, page = measures["floor"]["per_second"], measures["page"]["per_second"]
    return {
        "server": f"gunicorn, {WORKERS} workers × {THREADS} threads",
        "clients": CLIENTS,
        "seconds": seconds,
        **measures,
        "ratio": round(page / floor, 3) if floor else None,
    }
