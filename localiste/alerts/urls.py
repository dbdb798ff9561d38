from django.urls import path

from localiste.alerts import views
from localiste.alerts.feeds import AlertFeed

app_name = "alerts"
urlpatterns = [
    path("alertes/", views.subscribe, name="subscribe"),
    path("alertes/demandee/", views.pending, name="pending"),
    path("alertes/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("alertes/desabonner/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alertes/<str:feed_token>/flux.atom", AlertFeed(), name="feed"),
]
