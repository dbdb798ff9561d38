"""Background work of the desk, run by the task worker (`manage.py worker`)."""

from django_tasks import task

from localiste.moderation.digests import digest_send
from localiste.moderation.locks import locks_expired_delete


@task()
def operators_digest_task() -> dict:
    """Send the operators' daily digest when its hour has come (once a day), and forget the
    locks of items left open long ago; what was done."""
    run = digest_send()
    return {"sent": run.sent, "skipped": run.skipped, "locks_deleted": locks_expired_delete()}


@task()
def claim_invitations_task() -> dict:
    """Send the claim invitations waiting for their turn, as the daily cap allows."""
    from localiste.moderation.services.invitations import claim_invitations_send_due

    run = claim_invitations_send_due()
    return {
        "sent": run.sent,
        "cancelled": run.cancelled,
        "failed": run.failed,
        "waiting": run.waiting,
    }
