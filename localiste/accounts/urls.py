"""The account settings pages of ours; allauth's pages (login, signup…) share the prefix."""

from django.urls import path

from localiste.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_settings, name="settings"),
    path("mes-donnees/", views.account_data, name="data"),
    path("supprimer/", views.account_delete, name="delete"),
]
