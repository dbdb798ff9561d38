"""Item pages of what the operators watch over: reports, possible duplicates, listings that
nobody confirmed after a reminder."""

from __future__ import annotations

from django.utils.translation import gettext as _

from localiste.makers.models import DuplicateCandidate, Maker, Report
from localiste.makers.selectors.freshness import makers_unconfirmed
from localiste.moderation import forms, services
from localiste.moderation.models import ItemKind
from localiste.moderation.selectors import (
    duplicate_get_for_review,
    freshness_get_for_review,
    report_get_for_review,
)
from localiste.moderation.views.common import Action, Item, desk_item_view, item_response
from localiste.moderation.views.listings import maker_context
from localiste.moderation.views.merging import duplicate_context, merge_action


@desk_item_view
def report(request, pk):
    """A visitor's report: the listing stays public until an operator suspends it."""
    report = report_get_for_review(scope=request.desk, report_id=pk)
    maker, operator = report.maker, request.user
    context = maker_context(request, maker)
    context["report"] = report
    context["other_reports"] = [r for r in context["open_reports"] if r.pk != report.pk]
    actions = [
        Action(
            "dismiss",
            _("Dismiss the report"),
            forms.OptionalNoteForm,
            lambda data: services.report_close(report=report, operator=operator, note=data["note"]),
            _("The report is dismissed; the listing stays as it is."),
        ),
    ]
    if maker.is_published:
        actions.append(
            Action(
                "suspend",
                _("Suspend the listing"),
                forms.SuspendForm,
                lambda data: services.report_suspend(
                    report=report, operator=operator, reason=data["note"]
                ),
                _("The listing is suspended; its team has been told why."),
                style="danger",
            )
        )
    is_open = report.status == Report.Status.OPEN
    return item_response(
        request,
        Item(ItemKind.REPORT, report.pk, is_open, actions, "moderation/report.html", context),
    )


@desk_item_view
def duplicate(request, pk):
    """Two listings that may be one maker: side by side, merged or told apart."""
    candidate = duplicate_get_for_review(scope=request.desk, duplicate_id=pk)
    operator = request.user
    context = duplicate_context(request, candidate)
    actions = [
        merge_action(request, candidate, context),
        Action(
            "dismiss",
            _("Not the same maker"),
            forms.OptionalNoteForm,
            lambda data: services.duplicate_dismiss(
                candidate=candidate, operator=operator, note=data["note"]
            ),
            _("Noted: these two listings will not be suggested again."),
        ),
    ]
    is_open = candidate.status == DuplicateCandidate.Status.OPEN
    return item_response(
        request,
        Item(
            ItemKind.DUPLICATE, candidate.pk, is_open, actions, "moderation/duplicate.html", context
        ),
    )


@desk_item_view
def freshness(request, pk):
    """A published listing whose team answered neither the freshness mail nor its reminder."""
    maker = freshness_get_for_review(scope=request.desk, maker_id=pk)
    operator = request.user
    context = maker_context(request, maker)
    actions = [
        Action(
            "confirm",
            _("It is current (checked by the operators)"),
            forms.OptionalNoteForm,
            lambda data: services.freshness_confirm(
                maker=maker, operator=operator, note=data["note"]
            ),
            _("Recorded: the listing is current."),
            style="primary",
        ),
        Action(
            "suspend",
            _("Suspend the listing"),
            forms.SuspendForm,
            lambda data: services.listing_suspend(
                maker=maker, operator=operator, reason=data["note"], kind=ItemKind.FRESHNESS
            ),
            _("The listing is suspended; its team has been told why."),
            style="danger",
        ),
    ]
    is_open = (
        maker.status == Maker.Status.PUBLISHED and makers_unconfirmed().filter(pk=maker.pk).exists()
    )
    return item_response(
        request,
        Item(ItemKind.FRESHNESS, maker.pk, is_open, actions, "moderation/freshness.html", context),
    )
