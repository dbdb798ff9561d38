"""Inviting imported listings to be claimed (the desk), and the page where an address says
"no more invitations" (public: the link of every invitation)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from localiste.core.params import int_param
from localiste.moderation.invitation_selectors import (
    invitable,
    invitation_candidates,
    invitation_refusals,
    invitation_sources,
    invitations_sent_recently,
    invitations_waiting,
    listing_get_for_invitation,
    listings_get_for_invitation,
    with_invitation_state,
)
from localiste.moderation.selectors import scope_territories
from localiste.moderation.services.invitations import (
    InvitationBatch,
    claim_invitations_opt_out,
    claim_invite,
    claim_invite_batch,
    opt_out_email,
)
from localiste.moderation.views.common import desk_view

PER_PAGE = 50


def _batch_message(batch: InvitationBatch) -> str:
    parts = [
        ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", batch.sent)
        % {"count": batch.sent}
    ]
    if batch.waiting:
        parts.append(
            ngettext(
                "%(count)d waits for the next days (daily cap).",
                "%(count)d wait for the next days (daily cap).",
                batch.waiting,
            )
            % {"count": batch.waiting}
        )
    skipped = sum(batch.skipped.values())
    if skipped:
        reasons = ", ".join(
            f"{refusal.label} ({count})" for refusal, count in batch.skipped.most_common()
        )
        parts.append(
            ngettext(
                "%(count)d listing skipped: %(reasons)s.",
                "%(count)d listings skipped: %(reasons)s.",
                skipped,
            )
            % {"count": skipped, "reasons": reasons}
        )
    return " ".join(parts)


def _invite(request, scope, *, source_id, territory_id) -> None:
    """Run the invitation the desk's form asked for, and say what it did."""
    one = int_param(request.POST.get("invite_one"))
    action = request.POST.get("action", "")
    if one is not None:
        maker = listing_get_for_invitation(scope=scope, maker_id=one)
        batch = claim_invite(maker=maker, operator=request.user)
    elif action == "invite_selected":
        ids = {pk for pk in map(int_param, request.POST.getlist("listings")) if pk is not None}
        if not ids:
            messages.error(request, _("Select the listings to invite first."))
            return
        # Those claimed since the page was shown are counted as skipped, with the reason.
        listings = listings_get_for_invitation(scope=scope, maker_ids=ids)
        batch = claim_invite_batch(listings=listings, operator=request.user, strict=True)
    elif action == "invite_all" and source_id is not None:
        listings = invitation_candidates(
            scope=scope, source_id=source_id, territory_id=territory_id
        )
        batch = claim_invite_batch(listings=listings, operator=request.user)
    else:
        messages.error(request, _("Choose one of the buttons of the page."))
        return
    if batch.queued:
        messages.success(request, _batch_message(batch))
    else:
        messages.warning(request, _batch_message(batch))


@desk_view
@require_http_methods(["GET", "HEAD", "POST"])
def invitations(request):
    """Imported listings without a team, to invite to claim them (one, a selection, or all
    of a source still to invite); filters `source`, `territoire`, `page`."""
    scope = request.desk
    params = request.POST if request.method == "POST" else request.GET
    sources = list(invitation_sources(scope=scope))
    source_id = int_param(params.get("source"))
    if source_id not in {source.pk for source in sources}:
        source_id = None
    territories = list(scope_territories(scope))
    territory_id = int_param(params.get("territoire"))
    if territory_id not in {territory.pk for territory in territories}:
        territory_id = None
    filters = {
        key: value
        for key, value in (("source", source_id), ("territoire", territory_id))
        if value is not None
    }

    if request.method == "POST":
        try:
            _invite(request, scope, source_id=source_id, territory_id=territory_id)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        page_number = int_param(params.get("page"))
        query = urlencode({**filters, **({"page": page_number} if page_number else {})})
        return redirect(reverse("moderation:invitations") + (f"?{query}" if query else ""))

    now = timezone.now()
    candidates = invitation_candidates(scope=scope, source_id=source_id, territory_id=territory_id)
    page = Paginator(with_invitation_state(candidates, now=now), PER_PAGE).get_page(
        int_param(request.GET.get("page")) or 1
    )
    refusals = invitation_refusals(page.object_list, now=now)
    rows = [(maker, refusals[maker.pk]) for maker in page.object_list]
    return render(
        request,
        "moderation/invitations.html",
        {
            "rows": rows,
            "page": page,
            "sources": sources,
            "source": next((s for s in sources if s.pk == source_id), None),
            "territories": territories,
            "territory_id": territory_id,
            "filters": urlencode(filters),
            "to_invite": invitable(candidates, now=now).count() if source_id else None,
            "sent_recently": invitations_sent_recently(now=now),
            "cap": settings.CLAIM_INVITATIONS_PER_DAY,
            "waiting": invitations_waiting(),
            "resend_days": settings.CLAIM_INVITATIONS_RESEND_DAYS,
        },
    )


# A GET changes nothing: link scanners open every link of a mail. The POST is the person's
# click on the page's button, CSRF-checked like any form: the one-click unsubscribe of mail
# programs (RFC 8058) is the mail layer's List-Unsubscribe link, which blocks every mail sent
# in numbers to the address, invitations included.
@require_http_methods(["GET", "HEAD", "POST"])
def opt_out(request, token):
    """Confirm, then send this address no more invitations to claim a listing."""
    email = opt_out_email(token)
    if email is None:
        return render(request, "moderation/invitation_opt_out.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        claim_invitations_opt_out(email=email)
    return render(request, "moderation/invitation_opt_out.html", {"email": email, "done": done})
