"""The staff import page, under /moderation/imports/ (English under /en/).

Mounted by config/urls.py beside the moderation desk, whose navigation links it; its views
let only site operators in (`imports.access`).
"""

from django.urls import path

from localiste.opendata import views_imports

app_name = "imports"
urlpatterns = [
    path("", views_imports.index, name="index"),
    path("nouveau/", views_imports.new, name="new"),
    path("nouveau/<str:token>/", views_imports.columns, name="columns"),
    path("<int:pk>/", views_imports.run, name="run"),
    path("<int:pk>/importer/", views_imports.confirm, name="confirm"),
]
