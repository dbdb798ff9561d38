from django.urls import path

from localiste.favourites import views

app_name = "favourites"
urlpatterns = [
    path("favoris/", views.favourites_list, name="list"),
    path("favoris/ajouter/<slug:slug>/", views.favourite_add, name="add"),
    path("favoris/retirer/<slug:slug>/", views.favourite_remove, name="remove"),
    path("favoris/etat/", views.favourites_state, name="state"),
    path("favoris/deplacer/", views.favourites_move, name="move"),
    path("favoris/partage/", views.favourites_shared, name="shared"),
    path("favoris/partage/ajouter/", views.favourites_add_all, name="add_all"),
]
