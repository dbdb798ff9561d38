from django.apps import AppConfig


class MakersConfig(AppConfig):
    name = "localiste.makers"
    label = "makers"
