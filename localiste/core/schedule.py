"""Periodic jobs: one mechanism for everything the site does on a clock.

Apps register their jobs in their AppConfig.ready() (`job_register`): a name, how often, and
a django-tasks task to queue. `manage.py schedule_run` queues the jobs that are due: `make
run` starts it in a loop beside the task worker; in production a systemd timer or a cron
line runs `schedule_run --once` every minute (docs/deployment.md). Each job is claimed with
a conditional update of its `ScheduledRun` row, so two schedulers never queue it twice in
one period; the task worker does the work.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from localiste.core.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: datetime.timedelta
    task: object  # a django_tasks Task: queued with .enqueue()


_jobs: dict[str, Job] = {}


def job_register(*, name: str, every: datetime.timedelta, task) -> None:
    """Run `task` every `every` (registering the same name again replaces it)."""
    _jobs[name] = Job(name=name, every=every, task=task)


def jobs_registered() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def _claim(job: Job, *, now: datetime.datetime) -> bool:
    """Take `job`'s run for this period; False when it is not due or another scheduler did."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.get_or_create(name=job.name)
    except IntegrityError:  # another scheduler created it at the same moment
        pass
    due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - job.every)
    return bool(ScheduledRun.objects.filter(due, name=job.name).update(last_run_at=now))


def jobs_run_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Queue every job that is due; the names of those queued."""
    now = now or timezone.now()
    queued = []
    for job in jobs_registered():
        if not _claim(job, now=now):
            continue
        try:
            job.task.enqueue()
        except Exception:
            logger.exception("Could not queue the periodic job %s", job.name)
            # Let it be tried again at the next look rather than in a whole period.
            ScheduledRun.objects.filter(name=job.name).update(last_run_at=None)
        else:
            queued.append(job.name)
            logger.info("Queued the periodic job %s", job.name)
    return queued
