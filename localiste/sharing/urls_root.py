"""Language-independent files: sitemaps, robots.txt, share images."""

from django.urls import path

from localiste.sharing import views

app_name = "sharing_root"
urlpatterns = [
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("partage/site.png", views.site_image, name="site_image"),
    path("partage/fabricants/<slug:slug>.png", views.maker_image, name="maker_image"),
]
