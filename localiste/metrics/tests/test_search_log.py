"""The log of searches is written beside the requests, never by them: a visitor's search waits
for no database lock, and a burst of searches costs one short transaction."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localiste.metrics.models import SearchLog
from localiste.metrics.services import SearchLogBuffer, search_log_record


def record(query="bijoux"):
    return search_log_record(
        query=query, place="Mérignac", filters={}, result_count=3, duration_ms=1.5
    )


@pytest.fixture
def buffered(unflushed):
    return unflushed("search_log_buffer", SearchLogBuffer)


@pytest.mark.django_db
def test_a_search_page_writes_nothing_while_the_visitor_waits(client, buffered):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/recherche/", {"q": "bijoux"})
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert not [sql for sql in writes if "metrics_searchlog" in sql]
    assert buffered.waiting() == 1

    assert buffered.flush() == 1
    assert SearchLog.objects.get().query == "bijoux"


@pytest.mark.django_db
def test_many_searches_are_written_in_one_transaction(buffered):
    for number in range(50):
        record(f"bijoux {number}")
    with CaptureQueriesContext(connection) as queries:
        assert buffered.flush() == 50
    inserts = [q for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1
    assert SearchLog.objects.count() == 50


@pytest.mark.django_db
def test_searches_wait_for_the_next_flush_when_the_database_refuses(buffered, monkeypatch):
    record("bijoux")
    record("savon")

    def refused(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(SearchLog.objects, "bulk_create", refused)
    with pytest.raises(RuntimeError):
        buffered.flush()
    assert buffered.waiting() == 2
    monkeypatch.undo()  # the database answers again
    buffered.flush()
    assert sorted(SearchLog.objects.values_list("query", flat=True)) == ["bijoux", "savon"]


@pytest.mark.django_db(transaction=True)
def test_the_writer_thread_writes_within_its_interval_and_on_stop(settings):
    buffer = SearchLogBuffer(flush_seconds=0.05)
    try:
        for query in ("bijoux", "savon", "jouets"):
            buffer.add(SearchLog(query=query, place="", filters={}, result_count=1))
        deadline = time.monotonic() + 10
        while buffer.waiting() and time.monotonic() < deadline:
            time.sleep(0.02)
        buffer.add(SearchLog(query="dernière", place="", filters={}, result_count=0))
    finally:
        buffer.stop()  # writes what waits, ends the thread and closes its connection
    assert sorted(SearchLog.objects.values_list("query", flat=True)) == [
        "bijoux",
        "dernière",
        "jouets",
        "savon",
    ]
