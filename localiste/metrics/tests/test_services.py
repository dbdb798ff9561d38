import datetime

import pytest

from localiste.metrics.selectors import counts_by_week
from localiste.metrics.services import count_increment, search_log_record

pytestmark = pytest.mark.django_db


def test_counters_add_up_per_day_and_week():
    monday = datetime.date(2026, 11, 16)
    for day_offset in (0, 0, 2, 7):
        count_increment(
            kind="maker.view", object_id=7, day=monday + datetime.timedelta(days=day_offset)
        )
    count_increment(kind="maker.view", object_id=8, day=monday)

    weeks = counts_by_week(
        kind="maker.view", object_id=7, weeks=2, today=datetime.date(2026, 11, 25)
    )
    assert weeks == [(monday, 3), (monday + datetime.timedelta(weeks=1), 1)]


def test_a_search_is_logged_without_anything_personal():
    entry = search_log_record(
        query="bijoux" * 100,
        place="Mérignac",
        filters={"rayon": 10},
        result_count=0,
        duration_ms=3.2,
    )
    assert len(entry.query) == 200
    assert {field.name for field in entry._meta.fields} == {
        "id",
        "created_at",
        "query",
        "place",
        "place_id",  # the gazetteer place searched near, never the visitor's position
        "query_folded",
        "filters",
        "result_count",
        "duration_ms",
    }
