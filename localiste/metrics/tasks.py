"""Background work of the metrics app, run by the task worker."""

from django_tasks import task

from localiste.metrics.limits import rate_limit_purge
from localiste.metrics.services import search_log_purge


@task()
def rate_limit_purge_task() -> int:
    """Delete the rate-limit windows that have closed; how many."""
    return rate_limit_purge()


@task()
def search_log_purge_task() -> int:
    """Delete the searches older than SEARCH_LOG_RETENTION_DAYS; how many."""
    return search_log_purge()
