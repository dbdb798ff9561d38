from django.urls import path

from localiste.messaging import views, views_inbox

app_name = "messaging"
urlpatterns = [
    path("fabricants/<slug:slug>/contact/", views.contact, name="contact"),
    path("fabricants/<slug:slug>/contact/envoye/", views.sent, name="sent"),
    path("espace/<slug:slug>/messages/", views_inbox.inbox, name="inbox"),
    path(
        "espace/<slug:slug>/messages/<int:message_id>/repondu/",
        views_inbox.mark_answered,
        name="mark_answered",
    ),
]
