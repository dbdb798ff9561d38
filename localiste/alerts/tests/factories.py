"""Alerts made as a visitor's form would make them, for tests of what follows."""

from django.utils import timezone

from localiste.alerts.models import SearchAlert
from localiste.alerts.services import alert_confirm, alert_subscribe
from localiste.alerts.tests.conftest import SITE
from localiste.discovery.params import search_request_parse


def alert_made(
    *, email: str = "ana@example.org", confirmed: bool = True, language: str = "en", **params
) -> SearchAlert:
    """An alert on the search page's `params` (around Mérignac by default), confirmed now."""
    search = search_request_parse({"lieu": "Mérignac", **params})
    alert = alert_subscribe(email=email, search=search, language=language, site_url=SITE)
    if confirmed:
        alert_confirm(alert=alert, now=timezone.now())
    return SearchAlert.objects.get(pk=alert.pk)
