"""Claiming an imported listing: "This is my workshop"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from localiste.core.site_url import site_root
from localiste.makers import services
from localiste.makers.models import Maker
from localiste.makers.services.claims import (
    ClaimMailLimited,
    claim_from_token,
    maker_is_claimable,
)
from localiste.space.media_forms import ClaimForm


@login_required
def claim(request, slug):
    """Ask to manage the published, imported listing `slug` that has no team yet."""
    maker = get_object_or_404(Maker, slug=slug, status=Maker.Status.PUBLISHED)
    claimable = maker_is_claimable(maker)
    form = ClaimForm(request.POST or None)
    status = 200 if claimable or request.method == "GET" else 409
    if request.method == "POST" and claimable and form.is_valid():
        try:
            claim = services.claim_start(
                maker=maker,
                user=request.user,
                message=form.cleaned_data["message"],
                site_url=site_root(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
            if isinstance(error, ClaimMailLimited):
                status = 429
        else:
            return render(request, "space/claim_sent.html", {"maker": maker, "claim": claim})
    return render(
        request,
        "space/claim.html",
        {"maker": maker, "form": form, "claimable": claimable, "has_email": bool(maker.email)},
        status=status,
    )


@login_required
def claim_confirm(request, token):
    """Follow the claim link from the listing's mailbox: become the owner."""
    try:
        claim = claim_from_token(token=token, user=request.user)
    except ValidationError as error:
        return render(request, "space/claim_confirm.html", {"error": error.messages[0]}, status=400)
    if request.method == "POST":
        try:
            services.claim_accept(claim=claim)
        except ValidationError as error:
            return render(
                request, "space/claim_confirm.html", {"error": error.messages[0]}, status=409
            )
        messages.success(
            request,
            _("Welcome! “%(name)s” is yours to keep up to date.") % {"name": claim.maker.name},
        )
        return redirect("space:dashboard", slug=claim.maker.slug)
    return render(request, "space/claim_confirm.html", {"claim": claim})
