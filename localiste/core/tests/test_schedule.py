"""Periodic jobs: queued once per period however many schedulers look, and listed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from localiste.core import schedule

pytestmark = pytest.mark.django_db


class FakeTask:
    """Stands for a django-tasks task: counts how often it was queued."""

    def __init__(self, fail: bool = False):
        self.queued = 0
        self.fail = fail

    def enqueue(self):
        if self.fail:
            raise RuntimeError("the task backend is down")
        self.queued += 1


@pytest.fixture
def jobs(monkeypatch):
    monkeypatch.setattr(schedule, "_jobs", {})
    hourly, daily = FakeTask(), FakeTask()
    schedule.job_register(name="test.hourly", every=datetime.timedelta(hours=1), task=hourly)
    schedule.job_register(name="test.daily", every=datetime.timedelta(days=1), task=daily)
    return hourly, daily


def test_each_job_is_queued_once_per_period(jobs):
    hourly, daily = jobs
    now = timezone.now()
    assert schedule.jobs_run_due(now=now) == ["test.daily", "test.hourly"]
    # A second scheduler (another app server, or cron) looking at the same moment: nothing.
    assert schedule.jobs_run_due(now=now) == []
    assert schedule.jobs_run_due(now=now + datetime.timedelta(minutes=61)) == ["test.hourly"]
    assert (hourly.queued, daily.queued) == (2, 1)


def test_a_job_that_could_not_be_queued_is_tried_at_the_next_look(monkeypatch):
    monkeypatch.setattr(schedule, "_jobs", {})
    broken = FakeTask(fail=True)
    schedule.job_register(name="test.broken", every=datetime.timedelta(days=1), task=broken)
    now = timezone.now()
    assert schedule.jobs_run_due(now=now) == []
    broken.fail = False
    assert schedule.jobs_run_due(now=now + datetime.timedelta(minutes=1)) == ["test.broken"]


def test_the_site_registers_its_periodic_jobs():
    out = io.StringIO()
    call_command("schedule_run", "--list", stdout=out)
    listed = out.getvalue()
    for name in (
        "mail.outbox_deliver",
        "messaging.messages_purge",
        "accounts.inactive_accounts",
        "core.backup",
        "opendata.export",
        "moderation.operators_digest",
    ):
        assert name in listed


def test_schedule_run_once_queues_what_is_due(jobs):
    out = io.StringIO()
    call_command("schedule_run", "--once", stdout=out)
    assert "queued test.daily" in out.getvalue() and jobs[0].queued == 1
