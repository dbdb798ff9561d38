"""Background work of alerts, queued by the scheduler (see apps.py)."""

from django_tasks import task

from localiste.alerts.services import alert_digests_send, alerts_unconfirmed_purge


@task()
def alert_digests_task() -> int:
    """Mail the weekly digests that are due; how many were queued."""
    return alert_digests_send()


@task()
def alerts_unconfirmed_purge_task() -> int:
    """Delete the alerts nobody confirmed in time; how many."""
    return alerts_unconfirmed_purge()
