from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "localiste.content"
    label = "content"
