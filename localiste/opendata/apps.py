import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "localiste.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from localiste.core.schedule import job_register
        from localiste.opendata import checks  # noqa: F401 (registers the settings checks)
        from localiste.opendata.tasks import import_upkeep_task, opendata_export_task

        # Looked at every quarter of an hour; the files are rewritten only after a change,
        # and at most once in OPENDATA_MIN_INTERVAL_MINUTES (an hour by default).
        job_register(
            name="opendata.export",
            every=datetime.timedelta(minutes=15),
            task=opendata_export_task,
        )
        # Uploads left behind, and runs whose task worker was stopped.
        job_register(
            name="opendata.imports_upkeep",
            every=datetime.timedelta(hours=1),
            task=import_upkeep_task,
        )
