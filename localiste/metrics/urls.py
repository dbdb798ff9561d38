from django.urls import path

from localiste.metrics import views

app_name = "metrics"

urlpatterns = [
    path("clic/<str:token>/", views.contact_click, name="contact_click"),
]
