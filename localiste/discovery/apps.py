from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "localiste.discovery"
    label = "discovery"
