from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "localiste.places"
    label = "places"
