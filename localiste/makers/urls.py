from django.urls import path

from localiste.makers import views

app_name = "makers"
urlpatterns = [
    path("fabricants/<slug:slug>/", views.detail, name="detail"),
    path(
        "fabricants/<slug:slug>/produits/<slug:product_slug>/",
        views.product,
        name="product",
    ),
]
