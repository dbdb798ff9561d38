from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "localiste.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from localiste.core import checks  # noqa: F401 (registers the deployment checks)
        from localiste.core.backups.tasks import backup_job_register
        from localiste.core.page_cache import connection_watch

        # Every database connection watches its writes for the page cache (page_cache.py).
        connection_created.connect(connection_watch, dispatch_uid="page-cache-watch")

        backup_job_register()  # once a day (docs/deployment.md, "Backups and upgrades")
