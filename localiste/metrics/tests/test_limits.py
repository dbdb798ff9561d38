"""Rate limits against abuse: exact under parallel requests, private, and cleaned up."""

import datetime
import os
import shutil
import socket
import subprocess
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import transaction
from django.utils import timezone

from localiste.metrics import limits
from localiste.metrics.limits import (
    rate_limit_clear,
    rate_limit_consume,
    rate_limit_purge,
    rate_limit_refund,
)
from localiste.metrics.models import RateLimitWindow
from localiste.metrics.tests.parallel import parallel_run, parallel_site


def hits(times: int, *, key: str = "203.0.113.7", limit: int = 3, window: int = 60) -> list:
    return [
        rate_limit_consume(scope="test", key=key, limit=limit, window_seconds=window)
        for _ in range(times)
    ]


def close_windows() -> None:
    RateLimitWindow.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))


@pytest.mark.django_db
def test_a_limit_lets_exactly_limit_hits_through_until_its_window_closes():
    results = hits(5)
    assert [hit.allowed for hit in results] == [True, True, True, False, False]
    assert [hit.count for hit in results] == [1, 2, 3, 4, 5]
    assert 55 <= results[-1].retry_after <= 60  # the window opened at the first hit
    # Other keys and other limits count apart.
    assert hits(1, key="198.51.100.1")[0].allowed
    assert rate_limit_consume(scope="other", key="203.0.113.7", limit=1, window_seconds=60).allowed

    close_windows()
    assert [hit.allowed for hit in hits(4)] == [True, True, True, False]


@pytest.mark.django_db
def test_no_address_is_stored_in_clear():
    hits(1, key="203.0.113.7")
    window = RateLimitWindow.objects.get()
    assert "203.0.113.7" not in window.key and len(window.key) == 64
    assert window.scope == "test"


@pytest.mark.django_db
def test_a_refund_gives_one_hit_back_and_clear_forgets_them_all():
    hits(3)
    rate_limit_refund(scope="test", key="203.0.113.7")
    assert [hit.allowed for hit in hits(2)] == [True, False]
    rate_limit_clear(scope="test", key="203.0.113.7")
    assert [hit.allowed for hit in hits(4)] == [True, True, True, False]


@pytest.mark.django_db
def test_a_hit_in_a_transaction_that_fails_is_not_counted():
    with pytest.raises(RuntimeError), transaction.atomic():
        hits(3)
        raise RuntimeError("the request failed")
    assert [hit.allowed for hit in hits(4)] == [True, True, True, False]


@pytest.mark.django_db
def test_the_purge_deletes_closed_windows_only():
    hits(1, key="closed")
    close_windows()
    hits(1, key="open")
    assert rate_limit_purge() == 1
    assert hits(2, key="open", limit=2)[-1].count == 3  # the open window kept its hits


def consume(*, limit: int, process: int, call: int) -> bool:
    """One hit of the same key, in a worker process (see parallel.py)."""
    return rate_limit_consume(
        scope="parallel", key="198.51.100.20", limit=limit, window_seconds=3600
    ).allowed


@pytest.fixture
def postgres_url():
    """An empty PostgreSQL database beside the test run's (the PostgreSQL leg only)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("runs on the PostgreSQL leg (DATABASE_URL=postgres://…)")
    import psycopg

    name = f"localiste_parallel_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_parallel_processes_get_exactly_limit_hits_through(tmp_path):
    site = parallel_site(tmp_path)
    allowed = parallel_run(site, target=f"{__name__}:consume", processes=6, calls=4, limit=7)
    assert len(allowed) == 24
    assert allowed.count(True) == 7


def test_parallel_processes_get_exactly_limit_hits_through_on_postgresql(tmp_path, postgres_url):
    site = parallel_site(tmp_path, database_url=postgres_url)
    allowed = parallel_run(site, target=f"{__name__}:consume", processes=6, calls=4, limit=7)
    assert allowed.count(True) == 7


@pytest.fixture
def redis_url(tmp_path, settings):
    """A Redis server of this test's own on 127.0.0.1, and REDIS_URL pointing at it."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    server = subprocess.Popen([*command, "--dir", tmp_path], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = limits._redis_client(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    settings.REDIS_URL = url
    yield url
    server.terminate()
    server.wait()
    limits._redis_client.cache_clear()


@pytest.mark.django_db
def test_with_redis_a_limit_counts_refunds_and_clears_there(redis_url):
    assert [hit.allowed for hit in hits(4)] == [True, True, True, False]
    assert 55 <= hits(1)[0].retry_after <= 60
    rate_limit_clear(scope="test", key="203.0.113.7")
    hits(3)
    rate_limit_refund(scope="test", key="203.0.113.7")
    assert [hit.allowed for hit in hits(2)] == [True, False]
    assert not RateLimitWindow.objects.exists()  # nothing went to the database


def test_with_redis_parallel_processes_get_exactly_limit_hits_through(tmp_path, redis_url):
    site = parallel_site(tmp_path, redis_url=redis_url)
    allowed = parallel_run(site, target=f"{__name__}:consume", processes=6, calls=4, limit=7)
    assert allowed.count(True) == 7
