from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "localiste.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from localiste.core import checks  # noqa: F401 (registers the deployment checks)
        from localiste.core.backups.tasks import backup_job_register

        backup_job_register()  # once a day (docs/deployment.md, "Backups and upgrades")
