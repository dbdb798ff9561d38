from django.urls import path

from localiste.makers import views, watch_views

app_name = "makers"
urlpatterns = [
    path("fabricants/<slug:slug>/", views.detail, name="detail"),
    path(
        "fabricants/<slug:slug>/produits/<slug:product_slug>/",
        views.product,
        name="product",
    ),
    path("fabricants/<slug:slug>/signaler/", watch_views.report, name="report"),
    path("fabricants/<slug:slug>/signaler/merci/", watch_views.report_sent, name="report_sent"),
    # The one-click link of the freshness mails (the token names the listing).
    path("fiche-a-jour/<str:token>/", watch_views.freshness_confirm, name="freshness_confirm"),
    path(
        "fiche-a-jour/<str:token>/merci/",
        watch_views.freshness_confirmed,
        name="freshness_confirmed",
    ),
]
