"""Run a function in several real OS processes at the same moment, as gunicorn's workers would.

The processes share what the workers of a small install share: one SQLite database file and
Django's file cache (the default without REDIS_URL), never the test run's in-memory cache or
database. `parallel_site` migrates a fresh database in a folder; `parallel_run` starts the
processes, waits until each has set Django up, releases them together and collects what each
call of the function returned.

Run as a script (`python -m localiste.metrics.tests.parallel TARGET CALLS JSON_KWARGS`), it is
one of those processes: TARGET is "module:function", called CALLS times with the keyword
arguments plus `process` and `call` (their numbers); the results are printed as JSON.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RESULT = "RESULT "
READY = "READY"
TIMEOUT = 120


@dataclass(frozen=True)
class ParallelSite:
    folder: Path
    env: dict


def parallel_site(folder: Path, *, database_url: str = "", redis_url: str = "") -> ParallelSite:
    """A migrated SQLite database file (or the empty database at `database_url`) and a file
    cache in `folder` (or Redis at `redis_url`), for `parallel_run`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "EMAIL_", "SQLITE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url or f"sqlite:///{folder / 'localiste.sqlite3'}",
        VAR_DIR=str(folder),  # the file cache lives in VAR_DIR/cache
        SECRET_KEY="parallel-test-key",
        DEBUG="1",  # plain static files storage: no collectstatic manifest needed
        ALLOWED_HOSTS="testserver",
        EMAIL_URL="locmem://",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
        REDIS_URL=redis_url,
    )
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=TIMEOUT,
    )
    return ParallelSite(folder=folder, env=env)


def _start(site: ParallelSite, target: str, calls: int, kwargs: dict, process: int):
    payload = json.dumps({**kwargs, "process": process})
    return subprocess.Popen(
        [sys.executable, "-m", "localiste.metrics.tests.parallel", target, str(calls), payload],
        env=site.env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _results(process: subprocess.Popen) -> list:
    out, err = process.communicate(timeout=TIMEOUT)
    lines = [line for line in out.splitlines() if line.startswith(RESULT)]
    if process.returncode or not lines:
        raise AssertionError(f"a worker process failed ({process.returncode}):\n{out}\n{err}")
    return json.loads(lines[-1][len(RESULT) :])


def parallel_run(
    site: ParallelSite, *, target: str, processes: int, calls: int = 1, **kwargs
) -> list:
    """What `calls` calls of `target` returned in each of `processes` processes started at once."""
    workers = [_start(site, target, calls, kwargs, number) for number in range(processes)]
    try:
        for worker in workers:
            while (line := worker.stdout.readline()) and line.strip() != READY:
                pass
            if not line:
                _results(worker)  # it died while starting: raise with what it said
        for worker in workers:  # all set up: release them together
            worker.stdin.write("go\n")
            worker.stdin.flush()
        return [result for worker in workers for result in _results(worker)]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()


def parallel_once(site: ParallelSite, *, target: str, **kwargs):
    """What `target` returns when called once in one process (to prepare data, say)."""
    return parallel_run(site, target=target, processes=1, **kwargs)[0]


def _worker(target: str, calls: int, kwargs: dict) -> None:
    import django

    django.setup()
    module, name = target.split(":")
    function = getattr(importlib.import_module(module), name)
    print(READY, flush=True)
    sys.stdin.readline()
    results = [function(**kwargs, call=number) for number in range(calls)]
    print(RESULT + json.dumps(results), flush=True)


if __name__ == "__main__":
    _worker(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]))
