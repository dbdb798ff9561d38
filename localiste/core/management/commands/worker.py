"""The task worker: django-tasks-db's `db_worker`, made to outlive a busy or restarting database.

`db_worker` exits for good when SQLite stays locked longer than its busy timeout (a write
lock held for 20 s by six large uploads was enough), and nothing restarted it: mail stayed
queued. This worker waits and tries again instead, longer each time (at most a minute), and
logs it. `make run` also restarts it if it stops (scripts/supervise); in production,
systemd does (`Restart=always`, docs/deployment.md).
"""

import logging
import time

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger("localiste.worker")

FIRST_WAIT = 1.0
LONGEST_WAIT = 60.0
# A worker that ran this long without trouble starts its waits from the shortest again.
CALM = 300.0


class SurvivingWorker(Worker):
    """db_worker's loop, started again whenever the database refuses it for a while."""

    def run(self) -> None:
        wait, last_trouble = FIRST_WAIT, 0.0
        while self.running:
            try:
                super().run()
                return  # --batch or --max-tasks: the loop ended as asked
            except (OperationalError, InterfaceError) as error:
                now = time.monotonic()
                if now - last_trouble > CALM:
                    wait = FIRST_WAIT
                last_trouble = now
                logger.warning("Database unavailable (%s): trying again in %.0f s", error, wait)
                connections.close_all()  # start again from fresh connections
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)


class Command(DbWorkerCommand):
    help = "Run the task worker (outbox delivery, periodic jobs); it survives database contention."

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        worker = SurvivingWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()
