"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs) -> list[Warning]:
    """Mail sent by the worker (account warnings, alerts) has no request to take links from."""
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: mail sent outside a request (inactivity warnings, alerts) "
            "cannot carry links, and unsubscribe links are left out.",
            hint="Set SITE_URL to the site's public address, e.g. https://makers.example.org.",
            id="localiste.W001",
        )
    ]
