from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "localiste.search"
    label = "search"
    verbose_name = _("Search engine")

    def ready(self) -> None:
        post_migrate.connect(_clear_orphans, sender=self)


def _clear_orphans(sender, using="default", **kwargs) -> None:
    """After a flush (tests), empty the vendor tables that Django does not know about."""
    from localiste.search.backends import backend_for

    backend_for(using).orphans_clear()
