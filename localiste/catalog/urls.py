from django.urls import path

from localiste.catalog import views

app_name = "catalog"
urlpatterns = [
    path("categories/", views.index, name="index"),
    path("categories/<slug:slug>/", views.category, name="category"),
]
