"""Queue the periodic jobs that are due, once (cron, systemd timer) or in a loop (make run)."""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.db.utils import Error as DatabaseError

from localiste.core.schedule import jobs_registered, jobs_run_due

logger = logging.getLogger("localiste.core.schedule")


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs that are due for the task worker. With --once, look once and "
        "exit (for a systemd timer or cron every minute); otherwise look every --interval "
        "seconds until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="look once, then exit")
        parser.add_argument("--interval", type=float, default=30, help="seconds between looks")
        parser.add_argument(
            "--list", action="store_true", dest="list_jobs", help="list the jobs and exit"
        )

    def handle(self, *args, once: bool, interval: float, list_jobs: bool, verbosity: int, **opts):
        if list_jobs:
            for job in jobs_registered():
                self.stdout.write(f"{job.name}: every {job.every}")
            return
        while True:
            try:
                for name in jobs_run_due():
                    if verbosity:
                        self.stdout.write(f"queued {name}")
            except DatabaseError:
                # A busy or restarting database: look again next time, never give up.
                logger.warning("The scheduler could not reach the database", exc_info=True)
            finally:
                close_old_connections()
            if once:
                return
            time.sleep(interval)
