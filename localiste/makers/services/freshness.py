"""Keeping listings current: a yearly mail asks each published maker to confirm its page.

The daily job (`tasks.freshness_mails_task`) sends the requests and reminders that are due
(`selectors.freshness` says which), in batches, each listing claimed by a conditional
update before its mail is queued, so that no listing gets the same mail twice in a period
even when two runs overlap. The mail holds a signed link (no login needed) to a page that
confirms with a POST: a link scanner opening it confirms nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from localiste.core.site_url import absolute_url
from localiste.makers.audit import audit_record
from localiste.makers.models import Maker
from localiste.makers.selectors.freshness import freshness_reminder_due, freshness_request_due
from localiste.makers.services.notices import maker_language, maker_mail, maker_reference
from localiste.makers.signals import listing_confirmed

FRESHNESS_SALT = "makers.freshness"
BATCH_SIZE = 200  # listings read at a time


@dataclass
class FreshnessRun:
    """What one run of the job did."""

    asked: int = 0
    reminded: int = 0
    without_address: int = 0  # listings asked or reminded that have no address to write to


def freshness_token(maker: Maker) -> str:
    """The signed part of `maker`'s one-click confirmation link."""
    return signing.dumps({"m": maker.pk}, salt=FRESHNESS_SALT)


def maker_from_freshness_token(token: str) -> Maker:
    """The published listing `token` confirms, or ValidationError saying what is wrong.

    A link is good for a whole period (FRESHNESS_DAYS), as long as the next request.
    """
    max_age = datetime.timedelta(days=settings.FRESHNESS_DAYS)
    try:
        data = signing.loads(token, salt=FRESHNESS_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired. Sign in to your maker space to check your listing."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid."), code="invalid") from None
    maker = Maker.objects.filter(pk=data.get("m") if isinstance(data, dict) else None).first()
    if maker is None or not maker.is_published:
        raise ValidationError(
            _("This listing is not on the site at the moment: there is nothing to confirm."),
            code="not_public",
        )
    return maker


@transaction.atomic
def maker_confirm_current(
    *, maker: Maker, user: AbstractBaseUser | None = None, now: datetime.datetime | None = None
) -> Maker:
    """Record that `maker`'s team says its page is current (from the freshness link).

    `user` is whoever is signed in, if anyone (named in the listing's history). Receivers of
    `listing_confirmed` hear of it. ValidationError for a listing that is not public.
    """
    if not Maker.objects.filter(pk=maker.pk, status=Maker.Status.PUBLISHED).exists():
        raise ValidationError(
            _("This listing is not on the site at the moment: there is nothing to confirm."),
            code="not_public",
        )
    now = now or timezone.now()
    before = maker.confirmed_at
    # An update, not save(): confirming is not an edit of the listing.
    Maker.objects.filter(pk=maker.pk).update(confirmed_at=now)
    maker.confirmed_at = now
    # Whoever followed the link reads the team's mail; signed in, they are named.
    audit_record(
        actor=user,
        action="maker.confirm",
        target=maker,
        changes={"confirmed_at": (before, now)},
        by_operator=False,
    )
    signed_in = user if user is not None and user.is_authenticated else None
    listing_confirmed.send(sender=Maker, maker=maker, user=signed_in)
    return maker


def _freshness_mail(maker: Maker, *, reminder: bool):
    """The request (or reminder) to `maker`'s team, or None without an address."""
    with translation.override(maker_language(maker)):
        context = {
            "reminder": reminder,
            "confirm_url": absolute_url(
                None, reverse("makers:freshness_confirm", kwargs={"token": freshness_token(maker)})
            ),
            "maker_url": absolute_url(None, maker.get_absolute_url()),
            "space_url": absolute_url(
                None, reverse("space:dashboard", kwargs={"slug": maker.slug})
            ),
            "days": settings.FRESHNESS_DAYS,
            "reminder_days": settings.FRESHNESS_REMINDER_DAYS,
        }
    kind = "freshness_reminder" if reminder else "freshness_request"
    return maker_mail(
        maker=maker,
        template=f"makers/email/{kind}",
        context=context,
        bulk=True,
        reference=maker_reference(maker, "freshness"),
    )


def _send_due(*, due: Q, claim: dict, reminder: bool, limit: int, run: FreshnessRun) -> int:
    """Mail up to `limit` listings matching `due`, each claimed with the update `claim`."""
    sent, last_pk = 0, 0
    while sent < limit:
        batch = list(
            Maker.objects.filter(due, pk__gt=last_pk)
            .only("pk", "name", "slug", "email", "language", "status")
            .order_by("pk")[: min(BATCH_SIZE, limit - sent)]
        )
        if not batch:
            break
        for maker in batch:
            last_pk = maker.pk
            # Rendered before the transaction: it only claims the listing and stores the mail.
            message = _freshness_mail(maker, reminder=reminder)
            with transaction.atomic():
                if not Maker.objects.filter(due, pk=maker.pk).update(**claim):
                    continue  # confirmed, withdrawn or mailed by another run meanwhile
                if message is not None:
                    message.send()
            sent += 1
            run.without_address += message is None
    return sent


def freshness_mails_send(
    *, now: datetime.datetime | None = None, limit: int | None = None
) -> FreshnessRun:
    """Send the freshness requests and reminders that are due, `limit` at most in all
    (FRESHNESS_MAILS_PER_RUN); reminders first, as they answer requests already sent.

    Only published listings are written to, each at most once per period (its request,
    then one reminder). ImproperlyConfigured without SITE_URL (the links need it).
    """
    if not settings.SITE_URL:
        raise ImproperlyConfigured("Set SITE_URL: freshness mails carry links to the site.")
    now = now or timezone.now()
    limit = settings.FRESHNESS_MAILS_PER_RUN if limit is None else limit
    run = FreshnessRun()
    run.reminded = _send_due(
        due=freshness_reminder_due(now=now),
        claim={"freshness_reminded_at": now},
        reminder=True,
        limit=limit,
        run=run,
    )
    run.asked = _send_due(
        due=freshness_request_due(now=now),
        claim={"freshness_asked_at": now, "freshness_reminded_at": None},
        reminder=False,
        limit=limit - run.reminded,
        run=run,
    )
    return run
