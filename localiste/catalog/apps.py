from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "localiste.catalog"
    label = "catalog"
