"""Background work of the outbox, run by the task worker (`manage.py worker`)."""

from django_tasks import task

from localiste.mail.outbox import outbox_deliver_due


@task()
def outbox_deliver() -> dict:
    """Deliver the mails that are due; how many were sent, failed, given up and blocked."""
    return outbox_deliver_due().as_dict()
