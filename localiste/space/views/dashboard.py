"""A listing's dashboard, its preview as the public will see it, and its submission."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from localiste.makers import services
from localiste.makers.hours import hours_context
from localiste.makers.models import Maker, Membership
from localiste.makers.selectors import maker_get_for_edit, maker_get_preview, maker_pending_revision
from localiste.messaging.selectors import inbox_unanswered_count
from localiste.space.selectors import maker_weekly_stats
from localiste.space.views.common import space_render


@login_required
@require_safe
def dashboard(request, slug):
    """Status and what to do next, visits and contacts per week, the team."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    stats = maker_weekly_stats(maker)
    peak = max([1, *(max(week.views, week.contacts) for week in stats)])
    memberships = list(maker.memberships.select_related("user").order_by("-role", "created_at"))
    is_owner = request.user.is_staff or any(
        m.user_id == request.user.pk and m.role == Membership.Role.OWNER for m in memberships
    )
    context = {
        "stats": stats,
        "stats_peak": peak,
        "stats_total_views": sum(week.views for week in stats),
        "stats_total_contacts": sum(week.contacts for week in stats),
        "memberships": memberships,
        "is_owner": is_owner,
        "revision": maker_pending_revision(maker),
        "unanswered_messages": inbox_unanswered_count(maker=maker),
    }
    return space_render(request, "space/dashboard.html", maker, "dashboard", context)


@login_required
@require_safe
def preview(request, slug):
    """The page exactly as the public will see it once published (same template)."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    page_maker = maker_get_preview(maker=maker)
    return render(
        request,
        "space/preview.html",
        {
            "maker": page_maker,
            **hours_context(page_maker.opening_periods.all()),
            "preview": True,
            "can_submit": maker.status in {Maker.Status.DRAFT, Maker.Status.NEEDS_CHANGES},
            "space_maker": maker,
        },
    )


@login_required
@require_POST
def submit(request, slug):
    """Send the draft to the operators for review."""
    maker = maker_get_for_edit(user=request.user, slug=slug)
    try:
        services.maker_submit(maker=maker, editor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("space:preview", slug=maker.slug)
    messages.success(
        request,
        _("Thank you! Your page is waiting for review. We will email you once it is online."),
    )
    return redirect("space:dashboard", slug=maker.slug)
