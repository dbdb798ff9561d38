from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "localiste.opendata"
    label = "opendata"
