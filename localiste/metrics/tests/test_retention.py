"""Logged searches are kept SEARCH_LOG_RETENTION_DAYS, then deleted by a daily job."""

import datetime

import pytest
from django.utils import timezone

from localiste.core.schedule import jobs_registered
from localiste.metrics import services
from localiste.metrics.models import SearchLog
from localiste.metrics.services import search_log_purge, search_log_record
from localiste.metrics.tasks import search_log_purge_task

pytestmark = pytest.mark.django_db


def logged(query: str, *, days_ago: float) -> SearchLog:
    entry = search_log_record(
        query=query, place="Libourne", filters={}, result_count=0, duration_ms=1.0
    )
    SearchLog.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return entry


def test_searches_older_than_the_retention_are_deleted(settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 90
    logged("ancien", days_ago=91)
    logged("vieux", days_ago=200)
    logged("récent", days_ago=89)

    assert search_log_purge() == 2
    assert list(SearchLog.objects.values_list("query", flat=True)) == ["récent"]
    assert search_log_purge() == 0


def test_the_retention_is_a_setting(settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 7
    logged("semaine", days_ago=8)
    logged("hier", days_ago=1)
    assert search_log_purge() == 1
    assert list(SearchLog.objects.values_list("query", flat=True)) == ["hier"]


def test_a_long_log_is_purged_in_batches(settings, monkeypatch):
    monkeypatch.setattr(services, "PURGE_BATCH", 3)
    settings.SEARCH_LOG_RETENTION_DAYS = 30
    for number in range(7):
        logged(f"vieux {number}", days_ago=40)
    logged("récent", days_ago=2)
    assert search_log_purge() == 7
    assert SearchLog.objects.count() == 1


def test_the_purge_runs_every_day_from_the_scheduler(settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 90
    logged("ancien", days_ago=100)
    [job] = [job for job in jobs_registered() if job.name == "metrics.search_log_purge"]
    assert job.every == datetime.timedelta(days=1)
    assert job.task is search_log_purge_task
    search_log_purge_task.enqueue()  # the immediate backend of the tests runs it at once
    assert not SearchLog.objects.exists()
