"""Pages of the sharing app, in every language: feeds and the embeddable widget."""

from django.urls import path

from localiste.sharing import feeds, views_embed

app_name = "sharing"
urlpatterns = [
    path("flux/nouveaux.atom", feeds.NewMakersFeed(), name="feed_new"),
    path(
        "flux/territoires/<slug:slug>.atom", feeds.TerritoryNewMakersFeed(), name="feed_territory"
    ),
    path("flux/categories/<slug:slug>.atom", feeds.CategoryNewMakersFeed(), name="feed_category"),
    path("embed/liste/", views_embed.embed_list, name="embed_list"),
    path("embed/carte/", views_embed.embed_map, name="embed_map"),
    path("integrer/", views_embed.embed_builder, name="embed_builder"),
]
