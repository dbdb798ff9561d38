"""Another process of the same site, for tests of what must reach every process at once.

`SiteProcess` starts `python -m localiste.search.tests.site_process` on a copy of the test
database (SQLite: a file written with the backup API; PostgreSQL: the test database itself,
which a transactional test commits to). The process reads one JSON request a line on stdin
and answers each with one JSON line, through Django's test client:
{"login": "ops"} → {"status": 200}; {"get": "/recherche/?q=…"} or {"post": url, "data": {…}}
→ {"status": …, "html": "…"}. It lives until closed, like an app server's worker.
"""

from __future__ import annotations

import json
import os
import queue
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import NoReturn
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[3]
TIMEOUT = 120


def shared_database_url(connection, folder: Path) -> str:
    """A DATABASE_URL where other processes see what the test database holds now."""
    if connection.vendor == "sqlite":
        path = folder / "site.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{path}"
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class SiteProcess:
    """A child process answering requests; `timeout` seconds at most for each answer.

    Its stderr goes to a file of `folder` (a pipe nobody reads would block a chatty child),
    quoted when it dies or does not answer in time. `command` replaces the site (tests).
    """

    def __init__(
        self,
        database_url: str,
        folder: Path,
        *,
        timeout: float = TIMEOUT,
        command: list[str] | None = None,
    ) -> None:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "REDIS_", "EMAIL_", "SQLITE_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=database_url,
            VAR_DIR=str(folder),
            SECRET_KEY="site-process-test-key",
            DEBUG="1",
            ALLOWED_HOSTS="testserver",
            LOG_LEVEL="ERROR",
            PYTHONPATH=str(ROOT),
        )
        self.timeout = timeout
        fd, stderr_path = tempfile.mkstemp(prefix="site-process-", suffix=".stderr", dir=folder)
        self.stderr_path = Path(stderr_path)
        with os.fdopen(fd, "w") as stderr:
            self.process = subprocess.Popen(
                command or [sys.executable, "-m", "localiste.search.tests.site_process"],
                env=env,
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
            )
        self.answers: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read_answers, daemon=True).start()

    def _read_answers(self) -> None:
        for line in self.process.stdout:
            self.answers.put(line)
        self.answers.put("")  # end of output: the process died

    def request(self, **request) -> dict:
        """The answer of the process to one request (see the module's docstring)."""
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            self._fail("died")
        try:
            line = self.answers.get(timeout=self.timeout)
        except queue.Empty:
            self._fail(f"did not answer within {self.timeout} s")
        if not line:
            self._fail("died")
        return json.loads(line)

    def _fail(self, what: str) -> NoReturn:
        self.process.kill()
        self.process.wait(timeout=TIMEOUT)
        stderr = self.stderr_path.read_text(errors="replace")[-20_000:]
        raise AssertionError(f"the site process {what}; its stderr:\n{stderr}")

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=self.timeout)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(timeout=TIMEOUT)


def _serve() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    for line in sys.stdin:
        request = json.loads(line)
        if "login" in request:
            client.force_login(get_user_model().objects.get(username=request["login"]))
            answer = {"status": 200}
        elif "post" in request:
            response = client.post(request["post"], request.get("data", {}))
            answer = {"status": response.status_code, "html": response.content.decode()}
        else:
            response = client.get(request["get"])
            answer = {"status": response.status_code, "html": response.content.decode()}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    _serve()
