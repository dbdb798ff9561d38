from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "localiste.metrics"
    label = "metrics"
