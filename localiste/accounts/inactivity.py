"""Accounts nobody uses any more: recorded activity, a warning, then the erasure.

The privacy page promises it: after `ACCOUNT_INACTIVITY_DAYS` without activity (signing in,
an edit, confirming a listing from a mail), the person is warned by mail, and their account
is erased `ACCOUNT_INACTIVITY_NOTICE_DAYS` later if they did nothing in between. Operators
(staff) are never erased this way. The daily job is `tasks.inactive_accounts_task`; its
warning links need SITE_URL, the site's address outside any request.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import DateTimeField, F, Q
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from localiste.accounts.models import AccountActivity
from localiste.accounts.services import account_delete
from localiste.core.site_url import absolute_url

logger = logging.getLogger(__name__)
SESSION_KEY = "localiste:activity-day"


def activity_record(*, user, when: datetime.datetime | None = None) -> None:
    """Note that `user` was active now (and forget any warning of deletion)."""
    when = when or timezone.now()
    AccountActivity.objects.update_or_create(
        user=user, defaults={"last_active_at": when, "warned_at": None}
    )


def activity_record_once_a_day(request) -> None:
    """`activity_record` for the signed-in person of `request`, at most once a day a session
    (a write on every request would cost the database for nothing)."""
    today = timezone.localdate().isoformat()
    if request.session.get(SESSION_KEY) != today:
        activity_record(user=request.user)
        request.session[SESSION_KEY] = today


def _last_active():
    """Each user's last activity: recorded, else their last sign-in, else their sign-up."""
    return Coalesce(
        "activity__last_active_at",
        Greatest("last_login", "date_joined"),
        "date_joined",
        output_field=DateTimeField(),
    )


@dataclass
class InactivityReport:
    warned: int = 0
    erased: int = 0


def inactive_accounts_process(*, now: datetime.datetime | None = None) -> InactivityReport:
    """Warn the accounts that reached the inactivity period; erase those warned long enough ago.

    Each account is handled in its own transaction, so one failure stops nothing else.
    """
    now = now or timezone.now()
    period = datetime.timedelta(days=settings.ACCOUNT_INACTIVITY_DAYS)
    notice = datetime.timedelta(days=settings.ACCOUNT_INACTIVITY_NOTICE_DAYS)
    people = (
        get_user_model()
        .objects.filter(is_staff=False, is_superuser=False, is_active=True)
        .annotate(last_active=_last_active())
        .filter(last_active__lte=now - period)
    )
    report = InactivityReport()
    for user in people.filter(Q(activity__warned_at__isnull=True) | Q(activity__isnull=True)):
        with transaction.atomic():
            _warn(user, now=now, deletion_on=now + notice)
        report.warned += 1
    warned_long_ago = people.filter(
        activity__warned_at__lte=now - notice, activity__warned_at__gte=F("last_active")
    )
    for user in warned_long_ago:
        try:
            account_delete(user=user)
        except Exception:
            logger.exception("Could not erase the inactive account %s", user.pk)
        else:
            report.erased += 1
    return report


def _warn(user, *, now: datetime.datetime, deletion_on: datetime.datetime) -> None:
    """Tell `user` their account will be erased on `deletion_on` unless they sign in."""
    AccountActivity.objects.update_or_create(
        user=user, defaults={"last_active_at": user.last_active, "warned_at": now}
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "site_name": settings.SITE_NAME,
            "deletion_on": deletion_on,
            "login_url": absolute_url(None, reverse("account_login")),
            "days": settings.ACCOUNT_INACTIVITY_DAYS,
        }
        subject = render_to_string("accounts/email/inactivity_subject.txt", context).strip()
        body = render_to_string("accounts/email/inactivity_message.txt", context)
    send_mail(subject, body, None, [user.email])
