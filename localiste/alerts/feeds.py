"""The Atom feed of an alert's search: its newest makers, for a feed reader."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from localiste.alerts.models import SearchAlert
from localiste.alerts.selectors import (
    alert_description,
    alert_feed_makers,
    alert_get_for_feed,
    alert_search_url,
)
from localiste.makers.models import Maker
from localiste.sharing.feeds import NewMakersFeed


class AlertFeed(NewMakersFeed):
    """The newest makers matching a confirmed alert (its address holds the feed's token)."""

    def get_object(self, request, feed_token):
        alert = alert_get_for_feed(feed_token=feed_token)
        if alert is None:
            raise Http404("No such alert")
        return alert

    def title(self, alert: SearchAlert) -> str:
        return _("New makers: %(search)s") % {"search": alert_description(alert)}

    def subtitle(self, alert: SearchAlert) -> str:
        return _("The newest makers on %(site)s matching your search.") % {
            "site": settings.SITE_NAME
        }

    def link(self, alert: SearchAlert) -> str:
        return alert_search_url(alert)

    def items(self, alert: SearchAlert) -> list[Maker]:
        return alert_feed_makers(alert)
