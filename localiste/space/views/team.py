"""The team of a listing: invite co-managers, remove them, hand over the ownership."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localiste.core.site_url import site_root
from localiste.makers import services
from localiste.makers.models import Membership
from localiste.makers.selectors import maker_get_for_edit, maker_get_for_owner
from localiste.makers.services.team import invitation_from_token
from localiste.space.media_forms import InvitationForm, TransferForm
from localiste.space.views.common import space_render


def _team_context(maker, user, invite_form=None, transfer_form=None) -> dict:
    memberships = list(maker.memberships.select_related("user").order_by("-role", "created_at"))
    managers = [m for m in memberships if m.role == Membership.Role.MANAGER]
    is_owner = user.is_staff or any(
        m.user_id == user.pk and m.role == Membership.Role.OWNER for m in memberships
    )
    return {
        "memberships": memberships,
        "invitations": list(maker.invitations.filter(accepted_at=None)),
        "is_owner": is_owner,
        "invite_form": invite_form or InvitationForm(),
        "transfer_form": transfer_form or TransferForm(memberships=managers),
        "has_managers": bool(managers),
    }


@login_required
def team(request, slug):
    """Who manages the listing; the owner invites people here."""
    if request.method == "POST":
        maker = maker_get_for_owner(user=request.user, slug=slug)
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                services.invitation_send(
                    maker=maker,
                    inviter=request.user,
                    email=form.cleaned_data["email"],
                    site_url=site_root(request),
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _("Invitation sent."))
                return redirect("space:team", slug=maker.slug)
        context = _team_context(maker, request.user, invite_form=form)
    else:
        maker = maker_get_for_edit(user=request.user, slug=slug)
        context = _team_context(maker, request.user)
    return space_render(request, "space/team.html", maker, "team", context)


@login_required
@require_POST
def member_remove(request, slug, membership_id):
    """Take someone off the team (the owner), or leave it (anyone but the owner)."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    membership = get_object_or_404(maker.memberships, pk=membership_id)
    if membership.user_id != request.user.pk:
        maker = maker_get_for_owner(user=request.user, slug=slug)
    try:
        services.member_remove(membership=membership, editor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("space:team", slug=maker.slug)
    if membership.user_id == request.user.pk:
        messages.success(request, _("You left the team of “%(name)s”.") % {"name": maker.name})
        return redirect("space:home")
    messages.success(request, _("Removed from the team."))
    return redirect("space:team", slug=maker.slug)


@login_required
@require_POST
def invitation_cancel(request, slug, invitation_id):
    """Withdraw an invitation."""
    maker = maker_get_for_owner(user=request.user, slug=slug)
    invitation = get_object_or_404(maker.invitations, pk=invitation_id, accepted_at=None)
    services.invitation_cancel(invitation=invitation, editor=request.user)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("space:team", slug=maker.slug)


@login_required
@require_POST
def transfer(request, slug):
    """Hand the ownership over to a manager (the owner only)."""
    maker = maker_get_for_owner(user=request.user, slug=slug)
    managers = list(maker.memberships.filter(role=Membership.Role.MANAGER).select_related("user"))
    form = TransferForm(request.POST, memberships=managers)
    if form.is_valid():
        new_owner = get_object_or_404(maker.memberships, pk=form.cleaned_data["membership"])
        services.ownership_transfer(maker=maker, owner=request.user, new_owner=new_owner)
        messages.success(request, _("Ownership transferred."))
        return redirect("space:team", slug=maker.slug)
    context = _team_context(maker, request.user, transfer_form=form)
    return space_render(request, "space/team.html", maker, "team", context)


@login_required
def invitation(request, token):
    """Join a team from an invitation link (logged in with the invited email)."""
    try:
        invitation = invitation_from_token(token)
    except ValidationError as error:
        return render(request, "space/invitation.html", {"error": error.messages[0]}, status=400)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except PermissionDenied as denied:
            return render(request, "space/invitation.html", {"error": str(denied)}, status=403)
        messages.success(request, _("You now manage “%(name)s”.") % {"name": invitation.maker.name})
        return redirect("space:dashboard", slug=invitation.maker.slug)
    wrong_email = (request.user.email or "").lower() != invitation.email.lower()
    return render(
        request,
        "space/invitation.html",
        {"invitation": invitation, "wrong_email": wrong_email},
    )
