"""Site-wide views: the operator's colours, error pages."""

import re

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def _safe_colour(value: str, default: str) -> str:
    return value if _COLOUR.match(value or "") else default


@require_safe
@cache_control(public=True, max_age=3600)
def theme_css(request):
    """The operator's colours as CSS custom properties (no inline style under our CSP)."""
    primary = _safe_colour(settings.SITE_COLOR_PRIMARY, "#1f5f5b")
    accent = _safe_colour(settings.SITE_COLOR_ACCENT, "#e07a3f")
    css = f":root {{ --color-primary: {primary}; --color-accent: {accent}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: whatever broke may be in a context processor.
    # The page says the team was told only when someone is (ADMINS mailed, or Sentry).
    context = {
        "error_reporting": getattr(settings, "ERROR_REPORTING", False),
        "contact_email": settings.SITE_CONTACT_EMAIL,
    }
    return HttpResponse(loader.get_template("500.html").render(context), status=500)
