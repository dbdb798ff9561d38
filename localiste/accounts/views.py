"""Account settings: addresses, password, sessions, and the privacy rights (export, deletion)."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from localiste.accounts import erasure, services
from localiste.accounts.forms import AccountDeleteForm
from localiste.accounts.limits import consume_or_429


@login_required
def account_settings(request):
    """The account page: email addresses, password, sessions, download or delete."""
    return render(
        request,
        "accounts/settings.html",
        {"email_addresses": EmailAddress.objects.filter(user=request.user).order_by("-primary")},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_data(request):
    """POST: the zip of everything held about the user. GET: back to the settings page."""
    if request.method in ("GET", "HEAD"):
        return redirect("accounts:settings")
    too_many = consume_or_429(request, action="account_export", user=request.user)
    if too_many:
        return too_many
    archive = services.account_export(user=request.user)
    filename = f"{slugify(settings.SITE_NAME)}-{timezone.localdate():%Y-%m-%d}.zip"
    return FileResponse(archive, as_attachment=True, filename=filename)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request):
    """Ask for confirmation, then erase the account and log the person out."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("discovery:home")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "listings": erasure.listings_fate(user=request.user)},
    )
