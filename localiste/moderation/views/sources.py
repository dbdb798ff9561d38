"""Item pages of what a source says of its imported listings: an update it proposes for
fields edited here since, and a listing it no longer lists."""

from __future__ import annotations

from django.utils.translation import gettext as _

from localiste.makers.models import Maker
from localiste.makers.models.revision import SourceProposal
from localiste.moderation import forms
from localiste.moderation.models import ItemKind
from localiste.moderation.proposals import (
    proposal_fingerprint,
    proposal_held_rows,
    proposal_rows,
    vanished_fingerprint,
)
from localiste.moderation.selectors import source_proposal_get_for_review, vanished_get_for_review
from localiste.moderation.services.sources import (
    source_proposal_apply,
    source_proposal_dismiss,
    vanished_is_open,
    vanished_keep,
    vanished_suspend,
)
from localiste.moderation.views.common import Action, Item, desk_item_view, item_response, root
from localiste.moderation.views.listings import maker_context


@desk_item_view
def source_update(request, pk):
    """What a source now says of fields edited here since its last import: the listing's
    values beside the source's, and apply (the fields chosen) or dismiss."""
    proposal = source_proposal_get_for_review(scope=request.desk, proposal_id=pk)
    maker, operator, site = proposal.maker, request.user, root(request)
    rows = proposal_rows(maker=maker, changes=proposal.changes)
    context = maker_context(request, maker)
    context.update(proposal=proposal, diff=rows, held=proposal_held_rows(maker=maker, rows=rows))
    actions = [
        Action(
            "apply",
            _("Take the source's values"),
            forms.SourceApplyForm,
            lambda data: source_proposal_apply(
                proposal=proposal,
                operator=operator,
                fields=data["fields"],
                note=data["note"],
                site_root=site,
                seen=data["seen"],
            ),
            _("The listing now has the source's values; its history records them."),
            style="primary",
            form_kwargs={"rows": rows},
        ),
        Action(
            "dismiss",
            _("Keep the listing's values"),
            forms.OptionalNoteForm,
            lambda data: source_proposal_dismiss(
                proposal=proposal, operator=operator, note=data["note"], seen=data["seen"]
            ),
            _("Dismissed: the listing keeps its values; the same ones are not proposed again."),
        ),
    ]
    is_open = proposal.status == SourceProposal.Status.PENDING
    return item_response(
        request,
        Item(
            ItemKind.SOURCE_UPDATE,
            proposal.pk,
            is_open,
            actions,
            "moderation/source_update.html",
            context,
            seen=proposal_fingerprint(proposal, maker),
        ),
    )


@desk_item_view
def vanished(request, pk):
    """An imported listing that the last complete run of its source no longer gave: keep it
    (the source dropped it, the workshop goes on) or suspend it (it closed)."""
    maker = vanished_get_for_review(scope=request.desk, maker_id=pk)
    operator = request.user
    context = maker_context(request, maker)
    actions = [
        Action(
            "keep",
            _("Keep it listed"),
            forms.OptionalNoteForm,
            lambda data: vanished_keep(
                maker=maker, operator=operator, note=data["note"], seen=data["seen"]
            ),
            _("Recorded: the listing stays as it is."),
        ),
    ]
    if maker.status == Maker.Status.PUBLISHED:
        actions.insert(
            0,
            Action(
                "suspend",
                _("Suspend the listing"),
                forms.SuspendForm,
                lambda data: vanished_suspend(
                    maker=maker, operator=operator, reason=data["note"], seen=data["seen"]
                ),
                _("The listing is suspended; its team has been told why."),
                style="danger",
            ),
        )
    return item_response(
        request,
        Item(
            ItemKind.VANISHED,
            maker.pk,
            vanished_is_open(maker),
            actions,
            "moderation/vanished.html",
            context,
            seen=vanished_fingerprint(maker),
        ),
    )
