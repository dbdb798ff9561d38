from django.urls import path

from localiste.discovery import views, views_knowhow, views_transport

app_name = "discovery"
urlpatterns = [
    path("", views.home, name="home"),
    path("categories/", views.categories, name="categories"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path("recherche/", views.search, name="search"),
    path("recherche/suggestions/", views.autocomplete, name="autocomplete"),
    path("carte/", views.map_page, name="map"),
    path("territoires/<slug:slug>/", views.territory, name="territory"),
    path("savoir-faire/", views_knowhow.knowhow_list, name="knowhow_list"),
    path("savoir-faire/<slug:slug>/", views_knowhow.knowhow, name="knowhow"),
    path("transport-evite/", views_transport.transport_method, name="transport_method"),
]
