from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "localiste.core"
    label = "core"

    def ready(self) -> None:
        from localiste.core import checks  # noqa: F401 (registers the deployment checks)
