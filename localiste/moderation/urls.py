"""URLs of the moderation desk, under /moderation/ (French paths; English under /en/).

Every view loads its item through `moderation.selectors` (`*_get_for_review`), which checks
who may see it; `tests/test_permissions.py` walks every route below as an outsider.
"""

from django.urls import path

from localiste.moderation.views import (
    dashboard,
    demand,
    invitations,
    listings,
    queue,
    sources,
    watch,
)

app_name = "moderation"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("fiches/<int:pk>/", listings.listing, name="listing"),
    path("modifications/<int:pk>/", listings.change, name="change"),
    path("revendications/<int:pk>/", listings.claim, name="claim"),
    path("signalements/<int:pk>/", watch.report, name="report"),
    path("doublons/<int:pk>/", watch.duplicate, name="duplicate"),
    path("fraicheur/<int:pk>/", watch.freshness, name="freshness"),
    path("mises-a-jour-source/<int:pk>/", sources.source_update, name="source_update"),
    path("disparues/<int:pk>/", sources.vanished, name="vanished"),
    path("invitations/", invitations.invitations, name="invitations"),
    path("invitations/refus/<str:token>/", invitations.opt_out, name="invitation_opt_out"),
    path("tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    path("tableau-de-bord/<slug:slug>.svg", dashboard.dashboard_chart, name="dashboard_chart"),
    path("tableau-de-bord/<slug:slug>.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("demande/", demand.demand, name="demand"),
    path("demande.csv", demand.demand_csv, name="demand_csv"),
]
