from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "localiste.core"
    label = "core"
