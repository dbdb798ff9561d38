from django.urls import path

from localiste.discovery import views

app_name = "discovery"
urlpatterns = [
    path("", views.home, name="home"),
]
