"""Visitors reporting a listing, and what operators decide about it.

A report alone never hides anything: it waits in the operators' queue (`Report.Status.OPEN`)
while the listing stays public and searchable. Operators dismiss it, or act on it — often
by suspending the listing (`maker_suspend`: off the public site and the search index, its
team told why by mail), which `maker_restore` undoes, each with a reason.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.core.site_url import absolute_url
from localiste.core.text import text_required
from localiste.makers.audit import audit_record
from localiste.makers.models import Maker, Report
from localiste.makers.services.indexing import search_index_once
from localiste.makers.services.listing import maker_publish, maker_withdraw
from localiste.makers.services.notices import (
    language_supported,
    maker_language,
    maker_mail_send,
    maker_reference,
)
from localiste.metrics.limits import address_key, rate_limit_consume

# Reports one visitor address may send, and one listing may receive (count, seconds): enough
# for a real problem seen by several people, not for a flood.
REPORTS_PER_ADDRESS = (5, 3600)
REPORTS_PER_LISTING = (20, 24 * 3600)
MAX_REPORT_MESSAGE = 2000  # characters (Report.message)


class ReportLimited(ValidationError):
    """Too many reports from this address, or about this listing, for now."""

    def __init__(self, message: str, *, per: str, retry_after: int):
        super().__init__(message, code="report_limited")
        self.per = per  # "address" or "listing"
        self.retry_after = retry_after


def _report_allow(*, maker: Maker, visitor_address: str) -> None:
    """Count one report from `visitor_address` about `maker`, or ReportLimited.

    Counted atomically (metrics.limits), in the caller's transaction on the database: a
    report refused by the second limit gives its hit of the first one back.
    """
    limit, window = REPORTS_PER_ADDRESS
    hit = rate_limit_consume(
        scope="report-address", key=address_key(visitor_address), limit=limit, window_seconds=window
    )
    if not hit.allowed:
        minutes = max(1, math.ceil(hit.retry_after / 60))
        raise ReportLimited(
            ngettext(
                "You have sent several reports in a short time. Please try again in "
                "%(minutes)d minute.",
                "You have sent several reports in a short time. Please try again in "
                "%(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
            per="address",
            retry_after=hit.retry_after,
        )
    limit, window = REPORTS_PER_LISTING
    hit = rate_limit_consume(
        scope="report-listing", key=str(maker.pk), limit=limit, window_seconds=window
    )
    if not hit.allowed:
        raise ReportLimited(
            _(
                "This listing has already been reported many times today: the operators "
                "are looking into it. Thank you."
            ),
            per="listing",
            retry_after=hit.retry_after,
        )


@transaction.atomic
def report_submit(
    *,
    maker: Maker,
    reason: str,
    message: str = "",
    email: str = "",
    language: str = "",
    visitor_address: str,
) -> Report:
    """Store a visitor's report about `maker` for the operators, or ValidationError.

    ReportLimited (a ValidationError) when `visitor_address` sent too many reports lately,
    or `maker` received too many. The listing itself is left exactly as it was.
    """
    if not maker.is_published:
        raise ValidationError(_("This listing is not public: it cannot be reported."))
    if len(message) > MAX_REPORT_MESSAGE:
        raise ValidationError(
            {
                "message": _("Keep the message under %(count)d characters.")
                % {"count": MAX_REPORT_MESSAGE}
            }
        )
    report = Report(
        maker=maker,
        reason=reason,
        message=message.strip(),
        email=email.strip(),
        language=language_supported(language),
    )
    report.full_clean()
    _report_allow(maker=maker, visitor_address=visitor_address)
    report.save()
    return report


def _report_decide(*, report: Report, operator: AbstractBaseUser, note: str, status: str) -> Report:
    report = Report.objects.select_for_update().select_related("maker").get(pk=report.pk)
    if report.status != Report.Status.OPEN:
        raise ValidationError(_("This report has already been decided."))
    report.status = status
    report.decided_at = timezone.now()
    report.decided_by = operator
    report.decision_note = note.strip()
    report.save(update_fields=["status", "decided_at", "decided_by", "decision_note", "updated_at"])
    # Filed under the listing, the visitor's message and address left out.
    audit_record(
        actor=operator,
        action=f"report.{'dismiss' if status == Report.Status.DISMISSED else 'act'}",
        target=report.maker,
        changes={"status": (Report.Status.OPEN, status)},
        subject=report,
        subject_label=str(report.get_reason_display()),
        reason=report.decision_note,
        by_operator=True,
    )
    return report


@transaction.atomic
def report_dismiss(*, report: Report, operator: AbstractBaseUser, note: str = "") -> Report:
    """Close the open `report` without acting on the listing (`note`: why), or ValidationError."""
    return _report_decide(
        report=report, operator=operator, note=note, status=Report.Status.DISMISSED
    )


@transaction.atomic
def report_act(*, report: Report, operator: AbstractBaseUser, note: str = "") -> Report:
    """Close the open `report` as acted on (`note`: what was done), or ValidationError.

    What was done to the listing (a suspension, an edit) is done by its own service.
    """
    return _report_decide(report=report, operator=operator, note=note, status=Report.Status.ACTED)


def _site_link(path: str) -> str:
    """`path` on SITE_URL, or "" when it is not set (a development site): the mail still
    says what happened, without its links."""
    return absolute_url(None, path) if settings.SITE_URL else ""


def _decision_mail(*, maker: Maker, template: str, reason: str) -> None:
    with translation.override(maker_language(maker)):
        context = {
            "reason": reason,
            "space_url": _site_link(reverse("space:dashboard", kwargs={"slug": maker.slug})),
            "maker_url": _site_link(maker.get_absolute_url()),
        }
    maker_mail_send(
        maker=maker,
        template=template,
        context=context,
        reference=maker_reference(maker, template.rsplit("/", 1)[-1]),
    )


@transaction.atomic
@search_index_once()
def maker_suspend(*, maker: Maker, operator: AbstractBaseUser, reason: str) -> Maker:
    """Take the published `maker` off the public site and the search index, for `reason`.

    The reason is kept as the listing's note from the moderators (its team reads it in the
    maker space), in its history, and mailed to the team in its language. ValidationError
    without a reason or when the listing is not published.
    """
    reason = text_required(reason, _("Give a reason: the maker will read it."))
    maker = Maker.objects.select_for_update().get(pk=maker.pk)
    if not maker.is_published:
        raise ValidationError(_("Only a published listing can be suspended."))
    maker.review_note = reason
    maker.save(update_fields=["review_note", "updated_at"])
    maker_withdraw(maker=maker, status=Maker.Status.SUSPENDED, operator=operator, reason=reason)
    _decision_mail(maker=maker, template="makers/email/suspended", reason=reason)
    return maker


@transaction.atomic
@search_index_once()
def maker_restore(*, maker: Maker, operator: AbstractBaseUser, reason: str) -> Maker:
    """Publish the suspended `maker` again, for `reason` (in its history, mailed to its team).

    ValidationError without a reason or when the listing is not suspended.
    """
    reason = text_required(reason, _("Give a reason: the maker will read it."))
    maker = Maker.objects.select_for_update().get(pk=maker.pk)
    if maker.status != Maker.Status.SUSPENDED:
        raise ValidationError(_("Only a suspended listing can be restored."))
    maker.review_note = ""
    maker.save(update_fields=["review_note", "updated_at"])
    maker_publish(maker=maker, operator=operator, reason=reason)
    _decision_mail(maker=maker, template="makers/email/restored", reason=reason)
    return maker
