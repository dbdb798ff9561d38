"""Background work of the open data app, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from localiste.opendata.exports import opendata_export_if_due


@task()
def opendata_export_task() -> dict:
    """Rewrite the open data files if listings changed and the last export is an hour old
    (OPENDATA_MIN_INTERVAL_MINUTES); what was done."""
    return opendata_export_if_due().summary()
