import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "localiste.metrics"
    label = "metrics"
    verbose_name = _("Metrics")

    def ready(self) -> None:
        from localiste.core.schedule import job_register
        from localiste.metrics.tasks import rate_limit_purge_task, search_log_purge_task

        job_register(
            name="metrics.rate_limit_purge",
            every=datetime.timedelta(hours=1),
            task=rate_limit_purge_task,
        )
        job_register(
            name="metrics.search_log_purge",
            every=datetime.timedelta(days=1),
            task=search_log_purge_task,
        )
