"""Page views and clicks are counted beside the requests, never by them: a maker page writes
nothing while its visitor waits, and a burst of views costs one statement, added up first."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localiste.makers.tests.factories import MakerFactory
from localiste.metrics import services
from localiste.metrics.models import DailyCount
from localiste.metrics.services import CountBuffer, count_increment

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
DAY = datetime.date(2026, 12, 4)


@pytest.fixture
def buffered(unflushed):
    return unflushed("count_buffer", CountBuffer)


def counts() -> dict:
    return {(row.kind, row.object_id, row.day): row.count for row in DailyCount.objects.all()}


def test_a_maker_page_view_writes_nothing_while_the_visitor_waits(client, buffered):
    maker = MakerFactory()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(maker.get_absolute_url(), **BROWSER)
    assert response.status_code == 200
    assert not [q for q in queries if "metrics_dailycount" in q["sql"]]
    assert buffered.waiting() == 1

    assert buffered.flush() == 1
    assert DailyCount.objects.get().count == 1


def test_views_add_up_in_memory_and_are_written_in_one_statement(buffered):
    for _ in range(40):
        count_increment(kind="maker.view", object_id=7, day=DAY)
    for _ in range(3):
        count_increment(kind="maker.view", object_id=8, day=DAY)
    count_increment(kind="maker.phone", object_id=7, day=DAY)
    with CaptureQueriesContext(connection) as queries:
        assert buffered.flush() == 44
    assert len([q for q in queries if "metrics_dailycount" in q["sql"]]) == 1
    assert counts() == {
        ("maker.view", 7, DAY): 40,
        ("maker.view", 8, DAY): 3,
        ("maker.phone", 7, DAY): 1,
    }


def test_a_flush_adds_to_the_rows_already_written(buffered):
    DailyCount.objects.create(kind="maker.view", object_id=7, day=DAY, count=5)
    count_increment(kind="maker.view", object_id=7, day=DAY)
    count_increment(kind="maker.view", object_id=7, day=DAY)
    buffered.flush()
    assert counts() == {("maker.view", 7, DAY): 7}


def test_counts_wait_for_the_next_flush_when_the_database_refuses(buffered, monkeypatch):
    count_increment(kind="maker.view", object_id=7, day=DAY)

    def refused(counts):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(services, "_counts_write", refused)
    with pytest.raises(RuntimeError):
        buffered.flush()
    count_increment(kind="maker.view", object_id=7, day=DAY)  # meanwhile
    assert buffered.waiting() == 2
    monkeypatch.undo()  # the database answers again
    buffered.flush()
    assert counts() == {("maker.view", 7, DAY): 2}
