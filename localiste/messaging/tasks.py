"""Background work of the messaging app, run by the django-tasks worker (`db_worker`)."""

from django_tasks import task

from localiste.messaging.outbox import outbox_deliver_due


@task()
def outbox_deliver() -> dict:
    """Deliver the mails that are due; returns how many were sent, failed and given up."""
    report = outbox_deliver_due()
    return {"sent": report.sent, "failed": report.failed, "given_up": report.given_up}
