"""Background work of the open data app, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from localiste.opendata.exports import opendata_export_if_due
from localiste.opendata.imports.service import import_run_perform, imports_upkeep


@task()
def opendata_export_task() -> dict:
    """Rewrite the open data files if listings changed and the last export is an hour old
    (OPENDATA_MIN_INTERVAL_MINUTES); what was done."""
    return opendata_export_if_due().summary()


@task()
def import_run_task(run_id: int) -> dict:
    """Do the import run `run_id` queued from the staff page (its record shows the progress
    while it goes); how it ended."""
    run = import_run_perform(run_id=run_id)
    if run is None:
        return {"run": run_id, "status": "gone"}
    return {"run": run.pk, "status": run.status, "rows": run.rows_done}


@task()
def import_upkeep_task() -> dict:
    """Every hour: delete the uploads older than IMPORT_UPLOAD_KEEP_DAYS, mark failed the
    runs that saved no progress for IMPORT_STALE_MINUTES; how many of each."""
    return imports_upkeep()
