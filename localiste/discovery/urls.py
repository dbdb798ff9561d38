from django.urls import path

from localiste.discovery import views

app_name = "discovery"
urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search, name="search"),
    path("recherche/suggestions/", views.autocomplete, name="autocomplete"),
    path("carte/", views.map_page, name="map"),
    path("territoires/<slug:slug>/", views.territory, name="territory"),
]
