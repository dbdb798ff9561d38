"""The endpoint that counts a click on a listing's phone number or website."""

from allauth.account.adapter import get_adapter
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from localiste.metrics.clicks import click_read
from localiste.metrics.limits import address_key, rate_limit_consume
from localiste.metrics.robots import is_robot
from localiste.metrics.services import count_increment

# Clicks one address may count per window; beyond, they are refused (429) and not counted.
CLICKS_PER_ADDRESS = (30, 3600)


# CSRF-exempt on purpose: a forged request can only add one to a public counter, which the
# per-address limit bounds, and the browser's `ping` carries no CSRF token. The request sets
# no cookie and reads none (no session, no user): nothing about the visitor is kept.
@csrf_exempt
@require_POST
def contact_click(request, token):
    """Count one click on the contact link that `token` names; 204, 404 for a bad token."""
    named = click_read(token)
    if named is None:
        raise Http404
    kind, object_id = named
    if is_robot(request):
        return HttpResponse(status=204)
    limit, window = CLICKS_PER_ADDRESS
    address = address_key(get_adapter(request).get_client_ip(request))
    hit = rate_limit_consume(scope="contact-click", key=address, limit=limit, window_seconds=window)
    if not hit.allowed:
        return HttpResponse(status=429, headers={"Retry-After": str(hit.retry_after)})
    count_increment(kind=kind, object_id=object_id)
    return HttpResponse(status=204)
