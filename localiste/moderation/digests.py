"""Operators hear of what waits: each submission at once, and a daily digest.

The digest goes out once a day, from MODERATION_DIGEST_HOUR (the site's time zone), to every
site operator (the whole queue) and every territory moderator (their territories' part),
when something waits. With MODERATION_SUBMISSION_MAIL = "digest", submissions are not mailed
one by one: the digest lists those made since the previous one.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from localiste.makers.models import Maker
from localiste.moderation.models import ItemKind, OperatorDigest, TerritoryModerator
from localiste.moderation.notifications import digest_mail, submission_mail
from localiste.moderation.queue import SOURCES, open_items, overdue_after
from localiste.moderation.selectors import DeskScope, in_territories

logger = logging.getLogger(__name__)


def submissions_mailed_at_once() -> bool:
    return settings.MODERATION_SUBMISSION_MAIL != "digest"


def on_maker_submitted(sender, *, maker: Maker, resubmitted: bool = False, **kwargs) -> None:
    """`makers.services.editing.maker_submitted`: tell the operators now, unless they chose
    the digest."""
    if submissions_mailed_at_once():
        submission_mail(maker=maker, resubmitted=resubmitted)


@dataclass
class DigestRun:
    sent: int = 0
    skipped: str = ""  # why nothing went: "too early", "already sent", "nothing waits"


def digest_due(now: datetime.datetime) -> bool:
    return timezone.localtime(now).hour >= settings.MODERATION_DIGEST_HOUR


def digest_send(*, now: datetime.datetime | None = None) -> DigestRun:
    """Send today's digest if it is time and it has not gone yet (one row a day claims it,
    so that two runs never send it twice); what it did."""
    now = now or timezone.now()
    if not digest_due(now):
        return DigestRun(skipped="too early")
    today = timezone.localtime(now).date()
    with transaction.atomic():
        previous = OperatorDigest.objects.order_by("-day").first()
        try:
            with transaction.atomic():
                OperatorDigest.objects.create(day=today)
        except IntegrityError:
            return DigestRun(skipped="already sent")
        since = previous.sent_at if previous else None
        run = DigestRun()
        for email, scope in _recipients():
            run.sent += _digest_to(email=email, scope=scope, now=now, since=since)
        if not run.sent:
            run.skipped = "nothing waits"
    return run


def _recipients():
    """(email, scope) of every operator and territory moderator, each once."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    seen = set()
    for user in users.filter(is_staff=True).order_by("pk"):
        seen.add(user.pk)
        yield user.email, DeskScope(user=user, territory_ids=None)
    territories: dict[int, set[int]] = {}
    for user_id, territory_id in TerritoryModerator.objects.values_list("user_id", "territory_id"):
        territories.setdefault(user_id, set()).add(territory_id)
    for user in users.filter(pk__in=list(territories)).exclude(pk__in=seen).order_by("pk"):
        yield user.email, DeskScope(user=user, territory_ids=frozenset(territories[user.pk]))


def _digest_to(
    *, email: str, scope: DeskScope, now: datetime.datetime, since: datetime.datetime | None
) -> int:
    counts = {kind: open_items(kind, scope).count() for kind in SOURCES}
    if not any(counts.values()):
        return 0
    limit = now - overdue_after()
    overdue = sum(
        open_items(kind, scope).filter(**SOURCES[kind].waiting_since_before(limit)).count()
        for kind in SOURCES
        if counts[kind]
    )
    submitted = []
    if not submissions_mailed_at_once():
        submitted = Maker.objects.filter(status=Maker.Status.PENDING).order_by("submitted_at")
        if since is not None:
            submitted = submitted.filter(submitted_at__gte=since)
        if scope.territory_ids is not None:
            submitted = in_territories(submitted, scope.territory_ids, maker_field="pk")
        submitted = list(submitted.only("pk", "name", "locality", "submitted_at")[:50])
    digest_mail(
        email=email,
        counts=counts,
        labels={kind.value: kind.label for kind in ItemKind},
        overdue=overdue,
        submitted=submitted,
        since=since,
    )
    return 1
