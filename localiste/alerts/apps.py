import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "localiste.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from localiste.alerts import receivers  # noqa: F401 (connects the receivers)
        from localiste.alerts.tasks import alert_digests_task, alerts_unconfirmed_purge_task
        from localiste.core.schedule import job_register

        # Daily: each alert gets its digest once its last one is a week old.
        job_register(
            name="alerts.digests", every=datetime.timedelta(days=1), task=alert_digests_task
        )
        job_register(
            name="alerts.unconfirmed_purge",
            every=datetime.timedelta(days=1),
            task=alerts_unconfirmed_purge_task,
        )
