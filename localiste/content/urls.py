from django.urls import path

from localiste.content import views

app_name = "content"
urlpatterns = [
    path("pages/<slug:slug>/", views.page, name="page"),
]
