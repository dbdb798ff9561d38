"""Background work of the messaging app, run by the task worker."""

from django_tasks import task

from localiste.messaging.services import contact_messages_purge


@task()
def contact_messages_purge_task() -> int:
    """Apply the retention period to contact messages; how many were deleted."""
    return contact_messages_purge()
