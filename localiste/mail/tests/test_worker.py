"""The task worker delivers what the site queued, and outlives a locked database.

The last test runs the real worker as production does (`manage.py worker`, a separate
process, the database task backend, a SQLite file, a real SMTP server): the tests' own task
backend runs tasks at once, in the test, and would hide a worker that dies.
"""

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command

from localiste.mail.models import OutgoingMail
from localiste.mail.tests.conftest import SmtpServer, free_port

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def outbox_to_locmem(settings):
    settings.EMAIL_BACKEND = "localiste.mail.backend.OutboxEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


# The worker closes its database connection when done, as in production: a real transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_what_the_site_queued(
    settings, outbox_to_locmem, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Bonjour", "Un message", None, ["someone@example.net"])
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []
    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    assert [message.subject for message in mail.outbox] == ["Bonjour"]
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT


def test_the_outbox_command_sends_leftovers(settings, outbox_to_locmem):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_mail("Reste", "Un message", None, ["someone@example.net"])
    call_command("outbox_deliver", verbosity=0)
    assert [message.subject for message in mail.outbox] == ["Reste"]


def _site_env(tmp_path: Path, smtp_port: int) -> dict:
    """A production-like site in `tmp_path`: its own SQLite file, mail to the local server."""
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "SECRET_KEY": "worker-test-key",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}?timeout=5",
        "MAIL_RETRY_FIRST_SECONDS": "1",
        "LOG_LEVEL": "INFO",
    }


def _manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def _send(env: dict, *subjects: str) -> None:
    """Mail sent by another process of the site, as a request of the web server would."""
    code = "; ".join(
        f"send_mail({subject!r}, 'Bonjour', None, ['client@example.org'])" for subject in subjects
    )
    _manage(env, "shell", "-c", f"from django.core.mail import send_mail; {code}")


def _statuses(database: Path) -> dict[str, str]:
    with sqlite3.connect(database, timeout=30) as db:
        return dict(db.execute("SELECT subject, status FROM mail_outgoingmail").fetchall())


def _wait_until(condition, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return condition()


def _peak_memory_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def test_the_worker_outlives_a_long_lock_and_a_mail_server_outage(tmp_path):
    smtp = SmtpServer(free_port())
    smtp.start()
    env = _site_env(tmp_path, smtp.port)
    database = tmp_path / "site.sqlite3"
    _manage(env, "migrate", "--no-input", "-v", "0")
    _send(env, "avant le verrou 1", "avant le verrou 2", "avant le verrou 3")

    # Six large uploads once held the write lock for over 20 s: hold it 25 s, then start the
    # worker inside it, so that its very first claim waits past SQLite's busy timeout.
    lock = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    lock.execute("BEGIN IMMEDIATE")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--queue-name", "*", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # The 25 s count from the worker's start, not from its launch: on a busy machine, its
    # start-up alone may take longer than that, and it would never meet the lock.
    started = ""
    while "Starting worker" not in started and worker.poll() is None:
        started += worker.stdout.readline()
    released = threading.Timer(25, lambda: lock.execute("COMMIT"))
    released.start()
    try:
        released.join()
        lock.close()
        assert worker.poll() is None, worker.stdout.read()
        delivered = _wait_until(lambda: len(smtp.inbox.messages) == 3, seconds=60)
        assert delivered, _statuses(database)

        # The mail server goes down: what is sent meanwhile waits, and arrives once it is back.
        smtp.stop()
        _send(env, "pendant la panne")
        assert _wait_until(
            lambda: _statuses(database)["pendant la panne"] == "retrying", seconds=30
        )
        smtp.start()
        assert _wait_until(lambda: len(smtp.inbox.messages) == 4, seconds=60)
        assert set(_statuses(database).values()) == {"sent"}
        assert worker.poll() is None  # the same process all along: nothing was restarted
        peak = _peak_memory_kib(worker.pid)
        print(f"worker peak memory: {peak / 1024:.1f} MiB")  # quoted in the closing note
    finally:
        worker.terminate()
        output = started + worker.communicate(timeout=30)[0]
        smtp.stop() if smtp.controller else None
    assert "Database unavailable" in output  # it met the lock, said so, and went on
