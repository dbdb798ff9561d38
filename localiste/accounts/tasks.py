"""Background work of the accounts app, run by the task worker."""

from django_tasks import task

from localiste.accounts.inactivity import inactive_accounts_process


@task()
def inactive_accounts_task() -> dict:
    """Warn, then erase, the accounts inactive for the period the privacy page promises."""
    report = inactive_accounts_process()
    return {"warned": report.warned, "erased": report.erased}
