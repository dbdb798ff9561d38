"""The mails of an alert: the confirmation (asked for), the weekly digest (in numbers), and
the notice that an alert stopped because its search no longer exists.

All are written in the subscriber's language, with links on the site's address (SITE_URL),
and go through the outbox like every mail. The digest carries its own one-click unsubscribe
link (RFC 8058) that deletes the alert. The confirmation names the search by its category,
place and radius only: whoever asked may not own the address, and the words they typed are
never mailed to it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from localiste.alerts.models import SearchAlert
from localiste.alerts.selectors import alert_description, alert_feed_path, alert_search_url
from localiste.core.site_url import site_root
from localiste.mail.outbox import outbox_headers
from localiste.makers.models import Maker
from localiste.makers.services.notices import language_supported


def alert_reference(alert_id: int) -> str:
    """What the outbox calls a mail about alert `alert_id` (deleted with the alert)."""
    return f"alerts.searchalert:{alert_id}"


def _links(alert: SearchAlert, site_url: str) -> dict[str, str]:
    token = {"token": alert.token}
    return {
        "confirm_url": site_url + reverse("alerts:confirm", kwargs=token),
        "unsubscribe_url": site_url + reverse("alerts:unsubscribe", kwargs=token),
        "feed_url": site_url + alert_feed_path(alert),
        "search_url": site_url + alert_search_url(alert),
    }


def _message(
    alert: SearchAlert,
    template: str,
    context: dict,
    headers: dict,
    site_url: str,
    *,
    brief: bool = False,
) -> EmailMessage:
    with translation.override(language_supported(alert.language)):
        values = {
            "alert": alert,
            "description": alert_description(alert, brief=brief),
            "site_name": settings.SITE_NAME,
            **_links(alert, site_url),
            **context,
        }
        subject = render_to_string(f"alerts/email/{template}_subject.txt", values).strip()
        body = render_to_string(f"alerts/email/{template}_message.txt", values)
    return EmailMessage(subject, body, to=[alert.email], headers=headers)


def confirmation_mail(alert: SearchAlert, *, confirm_days: int, site_url: str) -> EmailMessage:
    """The mail asking `alert`'s address to confirm it (double opt-in); its links start with
    `site_url` (core.site_url.site_root of the request)."""
    headers = outbox_headers(reference=alert_reference(alert.pk))
    return _message(alert, "confirm", {"confirm_days": confirm_days}, headers, site_url, brief=True)


def digest_mail(alert: SearchAlert, *, makers: list[Maker]) -> EmailMessage:
    """The weekly digest of `makers` (new, matching `alert`), with a one-click unsubscribe.

    Sent by a job, outside any request: its links start with SITE_URL."""
    site_url = site_root(None)
    with translation.override(language_supported(alert.language)):
        entries = [
            {
                "maker": maker,
                "commune": (maker.place.name if maker.place_id else "") or maker.locality,
                "category": maker.primary_category.name,
                "url": site_url + maker.get_absolute_url(),
            }
            for maker in makers
        ]
        unsubscribe = site_url + reverse("alerts:unsubscribe", kwargs={"token": alert.token})
    headers = {
        **outbox_headers(reference=alert_reference(alert.pk), bulk=True),
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    context = {"entries": entries, "count": len(entries)}
    return _message(alert, "digest", context, headers, site_url)


def stopped_mail(alert: SearchAlert) -> EmailMessage:
    """The one mail telling `alert`'s address that the alert stopped (and is deleted): a
    category, label or territory of its search no longer exists. Links on SITE_URL.

    About no alert in the outbox (no reference): the alert is deleted before it goes."""
    return _message(alert, "stopped", {}, outbox_headers(), site_root(None))
