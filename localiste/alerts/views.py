"""The alert pages: subscribing from the search results, confirming, unsubscribing."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from localiste.alerts.forms import AlertForm
from localiste.alerts.selectors import (
    alert_description,
    alert_feed_path,
    alert_get,
    alert_search_url,
)
from localiste.alerts.services import CONFIRM_DAYS, alert_confirm, alert_delete, alert_subscribe
from localiste.core.site_url import site_root
from localiste.discovery.params import search_request_parse
from localiste.metrics.limits import address_key, rate_limit_consume

PER_IP = (10, 3600)  # subscriptions asked from one address, per hour


def _form_page(request, *, form, search, status: int, message: str = "", retry_after=None):
    context = {"alert_form": form, "search": search, "message": message}
    response = render(request, "alerts/subscribe.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_POST
def subscribe(request):
    """Ask for an alert on the search the form carries; then "check your mailbox"."""
    # The form carries the search's own parameters, parsed as the search page parses them.
    search = search_request_parse(request.POST, with_facets=False)
    form = AlertForm(request.POST)
    if not search.query.has_point or search.errors:
        return _form_page(request, form=None, search=search, status=400)
    if not settings.SITE_URL:
        # The digests are sent by a job, with no request to take the site's address from.
        message = _("Alerts are not available on this site for now. Please try again later.")
        return _form_page(request, form=form, search=search, status=503, message=message)
    limit, window = PER_IP
    ip = address_key(get_adapter(request).get_client_ip(request))
    hit = rate_limit_consume(scope="alert-ip", key=ip, limit=limit, window_seconds=window)
    if not hit.allowed:
        message = _(
            "Many alerts were asked for from your connection lately. Please try again in an hour."
        )
        return _form_page(
            request,
            form=form,
            search=search,
            status=429,
            message=message,
            retry_after=hit.retry_after,
        )
    if not form.is_valid():
        return _form_page(request, form=form, search=search, status=400)
    if not form.is_from_robot:
        alert_subscribe(
            email=form.cleaned_data["email"],
            search=search,
            language=get_language(),
            site_url=site_root(request),
        )
    return redirect("alerts:pending")


@require_safe
def pending(request):
    """What comes next: a mail to confirm the alert."""
    return render(request, "alerts/pending.html", {"confirm_days": CONFIRM_DAYS})


def _invalid_link(request):
    return render(request, "alerts/link_invalid.html", status=404)


def _alert_context(alert) -> dict:
    return {
        "alert": alert,
        "description": alert_description(alert),
        "feed_url": alert_feed_path(alert),
        "search_url": alert_search_url(alert),
    }


# A GET never confirms nor unsubscribes: link scanners open every link of a mail.
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link of the confirmation mail: a button that starts the alert."""
    alert = alert_get(token=token)
    if alert is None:
        return _invalid_link(request)
    done = request.method == "POST"
    if done:
        alert_confirm(alert=alert)
    return render(request, "alerts/confirm.html", {**_alert_context(alert), "done": done})


# The token in the address is the proof; mail programs POST without a CSRF token
# (RFC 8058 one-click).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The link of every digest: a button that deletes the alert."""
    alert = alert_get(token=token)
    if alert is None:
        return _invalid_link(request)
    if request.method == "POST":
        alert_delete(alert=alert)
        return render(request, "alerts/unsubscribed.html")
    return render(request, "alerts/unsubscribe.html", _alert_context(alert))
