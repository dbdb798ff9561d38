"""The daily backup, run by the task worker when the scheduler queues it."""

import datetime
import logging

from django_tasks import task

from localiste.core.backups.services import backup_create
from localiste.core.schedule import job_register

JOB = "core.backup"
logger = logging.getLogger(__name__)


@task()
def backup_daily_task() -> dict:
    """Take a backup (and its off-site copy, old archives pruned); where it went, for the
    task's result."""
    try:
        done = backup_create()
    except Exception:
        # The worker only records a task's failure in its row: say it where operators look.
        logger.exception("The daily backup failed")
        raise
    return {
        "archive": str(done.archive),
        "offsite": str(done.offsite) if done.offsite else "",
        "pruned": len(done.pruned),
        "seconds": round(done.seconds, 1),
    }


def backup_job_register() -> None:
    """Have the scheduler queue the backup once a day (called from CoreConfig.ready)."""
    job_register(name=JOB, every=datetime.timedelta(days=1), task=backup_daily_task)
