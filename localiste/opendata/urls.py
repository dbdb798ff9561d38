"""The open data page, at /donnees/ (/en/donnees/ in English)."""

from django.urls import path

from localiste.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
]
