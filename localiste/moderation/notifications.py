"""Mail from the desk: to a listing's team about a decision, and to the operators about what
waits for them.

Every mail goes through the outbox (stored in the caller's transaction, delivered by the
worker). A team reads its mail in its language (`Maker.language`, makers.services.notices);
operators read theirs in the site's language. Links are absolute: the `site_root` the
caller got from its request, else SITE_URL; without either, a mail goes without its link
rather than not at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from localiste.mail.outbox import outbox_headers
from localiste.makers.models import Claim, Maker
from localiste.makers.services.notices import maker_language, maker_mail_send, maker_reference
from localiste.moderation.models import TerritoryModerator


def site_link(path: str, site_root: str | None) -> str:
    """`path` on the site's address: `site_root` (from a request) or SITE_URL, else ""."""
    root = (site_root or settings.SITE_URL or "").rstrip("/")
    return root + path if root else ""


# --- to a listing's team ----------------------------------------------------------------------
def decision_mail(*, maker: Maker, what: str, note: str = "", site_root: str | None = None) -> bool:
    """Tell `maker`'s team of the decision `what` (approved, changes_requested, refused,
    change_approved, change_refused) with the operator's `note`, in the team's language.
    False when the listing has no address to write to."""
    with translation.override(maker_language(maker)):
        context = {
            "note": note,
            "maker_url": site_link(maker.get_absolute_url(), site_root),
            "space_url": site_link(
                reverse("space:dashboard", kwargs={"slug": maker.slug}), site_root
            ),
        }
    return maker_mail_send(
        maker=maker,
        template=f"moderation/email/{what}",
        context=context,
        reference=maker_reference(maker, f"moderation.{what}"),
    )


def claim_mail(
    *, claim: Claim, accepted: bool, note: str = "", site_root: str | None = None
) -> None:
    """Tell the person who claimed a listing what the operators decided (in the listing's
    language: the claimant has none of their own yet)."""
    if not claim.user.email:
        return
    maker = claim.maker
    with translation.override(maker_language(maker)):
        context = {
            "maker": maker,
            "note": note,
            "site_name": settings.SITE_NAME,
            "space_url": site_link(
                reverse("space:dashboard", kwargs={"slug": maker.slug}), site_root
            ),
        }
        template = "moderation/email/claim_" + ("accepted" if accepted else "refused")
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    headers = outbox_headers(reference=maker_reference(maker, f"moderation.claim:{claim.pk}"))
    EmailMessage(subject, body, to=[claim.user.email], headers=headers).send()


# --- to the operators -------------------------------------------------------------------------
def operator_emails(*, maker: Maker | None = None) -> list[str]:
    """Who hears of what waits: the active site operators (staff), and the moderators of
    `maker`'s territories (of every territory when no maker is given)."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    moderators = TerritoryModerator.objects.all()
    if maker is not None:
        moderators = moderators.filter(territory__in=maker.territories.all())
    wanted = Q(is_staff=True) | Q(pk__in=moderators.values("user_id"))
    return sorted(set(users.filter(wanted).values_list("email", flat=True)))


def submission_mail(*, maker: Maker, resubmitted: bool) -> bool:
    """Tell the operators that `maker` was submitted (again) for review; False when nobody
    is there to tell."""
    recipients = operator_emails(maker=maker)
    if not recipients:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "maker": maker,
            "resubmitted": resubmitted,
            "site_name": settings.SITE_NAME,
            "item_url": site_link(reverse("moderation:listing", kwargs={"pk": maker.pk}), None),
        }
        subject = render_to_string("moderation/email/submitted_subject.txt", context).strip()
        body = render_to_string("moderation/email/submitted_message.txt", context)
    reference = f"moderation.submitted:{maker.pk}:{maker.submitted_at:%Y%m%d%H%M%S}"
    # One mail each: operators do not see each other's addresses.
    for email in recipients:
        EmailMessage(subject, body, to=[email], headers=outbox_headers(reference=reference)).send()
    return True


def digest_mail(
    *,
    email: str,
    counts: dict[str, int],
    labels: dict[str, str],
    overdue: int,
    submitted: Iterable[Maker],
    since: datetime.datetime | None,
) -> None:
    """The daily digest to one operator: what waits by kind, what waits too long, and the
    listings submitted since the last digest (when submissions are not mailed at once)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "rows": [(labels[kind], count) for kind, count in counts.items() if count],
            "total": sum(counts.values()),
            "overdue": overdue,
            "overdue_days": settings.MODERATION_OVERDUE_DAYS,
            "submitted": list(submitted),
            "since": since,
            "site_name": settings.SITE_NAME,
            "desk_url": site_link(reverse("moderation:queue"), None),
        }
        subject = render_to_string("moderation/email/digest_subject.txt", context).strip()
        body = render_to_string("moderation/email/digest_message.txt", context)
    reference = f"moderation.digest:{timezone.localdate():%Y-%m-%d}"
    EmailMessage(subject, body, to=[email], headers=outbox_headers(reference=reference)).send()
