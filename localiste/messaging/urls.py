from django.urls import path

from localiste.messaging import views

app_name = "messaging"
urlpatterns = [
    path("fabricants/<slug:slug>/contact/", views.contact, name="contact"),
    path("fabricants/<slug:slug>/contact/envoye/", views.sent, name="sent"),
]
