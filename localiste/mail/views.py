"""Unsubscribing from mail sent in numbers: by the link in a mail, or by the mail program."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from localiste.mail.blocking import address_unsubscribe, unsubscribe_address


# The signed token in the address is the proof; mail programs POST without a CSRF token
# (RFC 8058 one-click). A GET never unsubscribes: link scanners open every link of a mail.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Confirm, then stop alerts, digests and other mail sent in numbers to one address."""
    address = unsubscribe_address(token)
    if address is None:
        raise Http404("Not an unsubscribe link of this site")
    done = request.method == "POST"
    if done:
        address_unsubscribe(address=address)
    return render(request, "mail/unsubscribe.html", {"address": address, "done": done})
