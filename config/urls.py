from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve

from localiste.core import views as core_views

handler404 = "localiste.core.views.page_not_found"
handler500 = "localiste.core.views.server_error"

urlpatterns = [
    path("langue/", set_language, name="set_language"),
    path("theme.css", core_views.theme_css, name="theme_css"),
    path("api/v1/", include("localiste.api.urls")),
    path("stats/", include("localiste.metrics.urls")),
    path("", include("localiste.sharing.urls_root")),
]

urlpatterns += i18n_patterns(
    path("", include("localiste.discovery.urls")),
    path("", include("localiste.makers.urls")),
    path("", include("localiste.content.urls")),
    path("", include("localiste.messaging.urls")),
    path("", include("localiste.sharing.urls")),
    path("", include("localiste.mail.urls")),
    path("", include("localiste.alerts.urls")),
    path("", include("localiste.favourites.urls")),
    path("donnees/", include("localiste.opendata.urls")),
    path("compte/", include("localiste.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("espace/", include("localiste.space.urls")),
    path("moderation/imports/", include("localiste.opendata.urls_imports")),
    path("moderation/", include("localiste.moderation.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

if settings.SERVE_OPENDATA:
    from localiste.opendata.views import export_file

    opendata_prefix = settings.OPENDATA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{opendata_prefix}(?P<path>.+)$", export_file)]
