"""Writes of search alerts: subscribing (double opt-in), confirming, unsubscribing, the weekly
digest and the purge of alerts nobody confirmed.

The daily job (`tasks.alert_digests_task`) mails each confirmed alert whose last window is a
week old. Windows are contiguous: each digest covers the makers published in
[end of the previous window, now − SAFETY_LAG), and `last_digest_at` keeps the window's end,
so that a maker committed late but dated earlier (an import dates its makers at the start of
its session) still falls in the next window. Each alert is claimed by a conditional update
before its mail is queued, so that two overlapping runs never send the same digest twice;
an alert that fails is logged and skipped, the others go on.
"""

from __future__ import annotations

import datetime
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from localiste.alerts.mails import alert_reference, confirmation_mail, digest_mail, stopped_mail
from localiste.alerts.models import SearchAlert
from localiste.alerts.selectors import (
    alert_new_makers,
    alert_search_is_broken,
    alerts_of,
    saved_query_string,
)
from localiste.discovery.params import SearchRequest
from localiste.mail.models import BlockedAddress
from localiste.mail.outbox import outbox_forget
from localiste.makers.models.maker import COMMUNE_DECIMALS
from localiste.metrics.limits import rate_limit_consume, rate_limit_refund

logger = logging.getLogger(__name__)

CONFIRM_DAYS = 7  # an alert nobody confirmed is deleted after this many days
DIGEST_EVERY = datetime.timedelta(days=7)
# A window ends this long before the run: a maker is dated (published_at) before its
# transaction commits, an import dates its makers at the start of its session.
SAFETY_LAG = datetime.timedelta(hours=6)
# A daily job run a little earlier than last week still sends (it must not skip a week).
DUE_SLACK = datetime.timedelta(hours=4)
MAX_ALERTS_PER_EMAIL = 20
# Confirmation mails to one address: at most this many a day, whoever asks for them.
CONFIRMATIONS_PER_EMAIL = (3, 24 * 3600)
# Confirmation mails of the whole site: at most this many a day, so that the form cannot
# be used to mail many addresses (a robot spreading its requests over many connections).
CONFIRMATIONS_PER_DAY = (500, 24 * 3600)
BATCH_SIZE = 200


class AlertsUnavailable(Exception):
    """Alerts cannot be asked for: SITE_URL is not set (the digests would carry no links)."""


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _confirmation_send(alert: SearchAlert, *, site_url: str) -> bool:
    """Queue the confirmation mail, unless `alert`'s address, or the site, got too many today."""
    limit, window = CONFIRMATIONS_PER_EMAIL
    key = alert.email.lower()
    hit = rate_limit_consume(scope="alert-confirm", key=key, limit=limit, window_seconds=window)
    if not hit.allowed:
        return False
    limit, window = CONFIRMATIONS_PER_DAY
    if not rate_limit_consume(
        scope="alert-confirm-all", key="site", limit=limit, window_seconds=window
    ).allowed:
        rate_limit_refund(scope="alert-confirm", key=key)
        logger.warning("Alert confirmation not sent: %s mails were sent today", limit)
        return False
    confirmation_mail(alert, confirm_days=CONFIRM_DAYS, site_url=site_url).send()
    return True


@transaction.atomic
def alert_subscribe(
    *, email: str, search: SearchRequest, language: str, site_url: str
) -> SearchAlert | None:
    """Ask `email` to confirm an alert on `search` (which has a point); the alert, or None
    when nothing was done. The confirmation link starts with `site_url`.

    Whatever happens, the visitor is told the same thing ("check your mailbox"), so that
    nobody learns whether an address already has alerts: the same search asked again resends
    its confirmation (a confirmed one sends nothing), and an address holding
    MAX_ALERTS_PER_EMAIL alerts gets no more. A "near me" point is kept to about a km
    (COMMUNE_DECIMALS), never the visitor's exact position. AlertsUnavailable without
    SITE_URL.
    """
    if not settings.SITE_URL:
        raise AlertsUnavailable("Set SITE_URL: the digests carry links to the site.")
    query = search.query
    if not query.has_point:
        raise ValueError("An alert needs a search with a place.")
    email = email.strip()
    latitude, longitude = query.latitude, query.longitude
    if search.place is None:
        latitude, longitude = round(latitude, COMMUNE_DECIMALS), round(longitude, COMMUNE_DECIMALS)
    fields = {
        "query_string": saved_query_string(search),
        "latitude": latitude,
        "longitude": longitude,
        "radius_km": int(search.radius_km or query.radius_km),
    }
    existing = alerts_of(email=email).filter(**fields).first()
    if existing is not None:
        if not existing.is_confirmed:
            _confirmation_send(existing, site_url=site_url)
        return None
    if alerts_of(email=email).count() >= MAX_ALERTS_PER_EMAIL:
        logger.info("Alert refused: the address has %s alerts", MAX_ALERTS_PER_EMAIL)
        return None
    alert = SearchAlert.objects.create(
        email=email,
        place_name=search.place.name[:120] if search.place else "",
        language=language[:8],
        token=_new_token(),
        feed_token=_new_token(),
        **fields,
    )
    _confirmation_send(alert, site_url=site_url)
    return alert


@transaction.atomic
def alert_confirm(*, alert: SearchAlert, now: datetime.datetime | None = None) -> SearchAlert:
    """Start `alert` (its address followed the link): new makers count from now on."""
    if alert.confirmed_at is None:
        alert.confirmed_at = now or timezone.now()
        alert.save(update_fields=["confirmed_at"])
    return alert


@transaction.atomic
def alert_delete(*, alert: SearchAlert) -> None:
    """Unsubscribe: delete `alert` and the mail it sent, keeping nothing of it."""
    outbox_forget(references=[alert_reference(alert.pk)])
    alert.delete()


def _due(now: datetime.datetime) -> Q:
    """Confirmed alerts whose next window, ending at now − SAFETY_LAG, would be a week long
    (DUE_SLACK less: a daily job run at varying times must not skip a week)."""
    start_before = now - SAFETY_LAG - DIGEST_EVERY + DUE_SLACK
    return Q(confirmed_at__isnull=False) & (
        Q(last_digest_at__lte=start_before)
        | Q(last_digest_at__isnull=True, confirmed_at__lte=start_before)
    )


def _blocked(alerts: list[SearchAlert]) -> set[str]:
    """The addresses among `alerts`' that unsubscribed from all mail sent in numbers, or bounce."""
    addresses = {alert.email.lower() for alert in alerts}
    return set(
        BlockedAddress.objects.filter(address__in=addresses, blocked_at__isnull=False).values_list(
            "address", flat=True
        )
    )


@transaction.atomic
def _alert_stop(*, alert: SearchAlert) -> None:
    """Delete `alert`, whose search no longer exists, and tell its address once (an
    overlapping run that finds it deleted already sends nothing)."""
    message = stopped_mail(alert)
    outbox_forget(references=[alert_reference(alert.pk)])
    deleted, _by_model = SearchAlert.objects.filter(pk=alert.pk).delete()
    if deleted:
        message.send()


def _digest_one(alert: SearchAlert, *, now: datetime.datetime, until: datetime.datetime) -> bool:
    """Look at `alert`'s window [its last end, `until`); True when a digest was queued."""
    if alert_search_is_broken(alert):
        logger.info("Alert %s stopped: its search no longer exists", alert.pk)
        _alert_stop(alert=alert)
        return False
    since = alert.last_digest_at or alert.confirmed_at
    makers = alert_new_makers(alert, since=since, until=until)
    # Rendered before the transaction: it only claims the alert and stores the mail.
    message = digest_mail(alert, makers=makers) if makers else None
    with transaction.atomic():
        claimed = SearchAlert.objects.filter(
            _due(now), pk=alert.pk, last_digest_at=alert.last_digest_at
        ).update(last_digest_at=until)
        if not claimed:
            return False  # unsubscribed, or taken by another run meanwhile
        if message is not None:
            message.send()
    return message is not None


def alert_digests_send(*, now: datetime.datetime | None = None) -> int:
    """Mail the weekly digest of every alert due at `now`; how many digests were queued.

    An alert with nothing new gets no mail (its next window starts where this one ended);
    an alert whose address unsubscribed from all mail sent in numbers, or keeps bouncing,
    is deleted; so is one whose search no longer exists (its address is told once). An alert
    that fails is logged and skipped: the others still get their digest. Without SITE_URL
    (the links need it) nothing is sent, and the windows wait.
    """
    if not settings.SITE_URL:
        logger.warning("Alert digests wait: SITE_URL is not set")
        return 0
    now = now or timezone.now()
    until = now - SAFETY_LAG
    sent, last_pk = 0, 0
    while True:
        batch = list(
            SearchAlert.objects.filter(_due(now), pk__gt=last_pk).order_by("pk")[:BATCH_SIZE]
        )
        if not batch:
            return sent
        blocked = _blocked(batch)
        for alert in batch:
            last_pk = alert.pk
            try:
                if alert.email.lower() in blocked:
                    alert_delete(alert=alert)
                elif _digest_one(alert, now=now, until=until):
                    sent += 1
            except Exception:
                logger.exception("Alert %s: its digest failed", alert.pk)


@transaction.atomic
def alerts_unconfirmed_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the alerts nobody confirmed within CONFIRM_DAYS, and their mail; how many."""
    now = now or timezone.now()
    stale = SearchAlert.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - datetime.timedelta(days=CONFIRM_DAYS)
    )
    ids = list(stale.values_list("pk", flat=True))
    if not ids:
        return 0
    outbox_forget(references=[alert_reference(pk) for pk in ids])
    deleted, _by_model = SearchAlert.objects.filter(pk__in=ids).delete()
    return deleted


@transaction.atomic
def alerts_erase_for_address(*, email: str) -> int:
    """Delete every alert of `email` (its owner deleted their account): how many went."""
    if not email:
        return 0
    alerts = list(SearchAlert.objects.filter(email__iexact=email))
    for alert in alerts:
        alert_delete(alert=alert)
    return len(alerts)
