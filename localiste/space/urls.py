"""URLs of the maker space, under /espace/ (French paths; English under /en/espace/)."""

from django.urls import path

from localiste.space.views import (
    address,
    claims,
    dashboard,
    history,
    inbox,
    photos,
    posters,
    products,
    steps,
    team,
)

app_name = "space"

# The first path segments below are kept from makers' slugs by
# makers.services.editing.SPACE_RESERVED_SLUGS.
urlpatterns = [
    path("", steps.home, name="home"),
    path("nouveau/", steps.start, name="start"),
    path("nouveau/identite/", steps.create, name="create"),
    path("lieux/", address.places, name="places"),
    path("invitation/<str:token>/", team.invitation, name="invitation"),
    path("revendiquer/confirmer/<str:token>/", claims.claim_confirm, name="claim_confirm"),
    path("revendiquer/<slug:slug>/", claims.claim, name="claim"),
    # One listing: every view below loads it through makers.selectors.access.
    path("<slug:slug>/", dashboard.dashboard, name="dashboard"),
    path("<slug:slug>/eligibilite/", steps.eligibility, name="eligibility"),
    path("<slug:slug>/identite/", steps.identity, name="identity"),
    path("<slug:slug>/adresse/", address.address, name="address"),
    path("<slug:slug>/histoire/", steps.story, name="story"),
    path("<slug:slug>/histoire/apercu/", steps.markdown_preview, name="markdown_preview"),
    path("<slug:slug>/photos/", photos.photos, name="photos"),
    path("<slug:slug>/photos/<int:photo_id>/", photos.photo_edit, name="photo_edit"),
    path("<slug:slug>/photos/<int:photo_id>/deplacer/", photos.photo_move, name="photo_move"),
    path("<slug:slug>/photos/<int:photo_id>/supprimer/", photos.photo_delete, name="photo_delete"),
    path("<slug:slug>/produits/", products.products, name="products"),
    path("<slug:slug>/produits/nouveau/", products.product_create, name="product_create"),
    path("<slug:slug>/produits/<int:product_id>/", products.product_edit, name="product_edit"),
    path(
        "<slug:slug>/produits/<int:product_id>/photos/",
        products.product_photo_add,
        name="product_photo_add",
    ),
    path(
        "<slug:slug>/produits/<int:product_id>/deplacer/",
        products.product_move,
        name="product_move",
    ),
    path(
        "<slug:slug>/produits/<int:product_id>/publier/",
        products.product_publish,
        name="product_publish",
    ),
    path(
        "<slug:slug>/produits/<int:product_id>/supprimer/",
        products.product_delete,
        name="product_delete",
    ),
    path("<slug:slug>/infos-pratiques/", steps.practical, name="practical"),
    path("<slug:slug>/apercu/", dashboard.preview, name="preview"),
    path("<slug:slug>/soumettre/", dashboard.submit, name="submit"),
    path("<slug:slug>/equipe/", team.team, name="team"),
    path(
        "<slug:slug>/equipe/<int:membership_id>/retirer/", team.member_remove, name="member_remove"
    ),
    path(
        "<slug:slug>/equipe/invitations/<int:invitation_id>/annuler/",
        team.invitation_cancel,
        name="invitation_cancel",
    ),
    path("<slug:slug>/equipe/transferer/", team.transfer, name="transfer"),
    path("<slug:slug>/historique/", history.history, name="history"),
    path("<slug:slug>/messages/", inbox.inbox, name="inbox"),
    path(
        "<slug:slug>/messages/<int:message_id>/repondu/",
        inbox.mark_answered,
        name="mark_answered",
    ),
    path("<slug:slug>/affiche/", posters.poster, name="poster"),
    path("<slug:slug>/autocollants/", posters.stickers, name="stickers"),
]
