from django.urls import path

from localiste.mail import views

app_name = "mail"
urlpatterns = [
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
