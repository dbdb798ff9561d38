"""Listings that may be one maker: found from their contacts and names, kept for the operators.

Signals (`DuplicateCandidate.Signal`): the same SIRET, email, phone (however written) or
website domain (big shared hosts aside), or a similar name within NEARBY_KM. Two makers in
one building are not flagged while their names and contacts differ.

`duplicates_find_for` checks one listing against the others through indexes (a handful of
queries whatever the size of the directory): at submission and at import.
`duplicate_scan.duplicates_find_all` is the bulk pass of `manage.py duplicates_find`, which
reads every listing once and groups them by key in memory. Both record what they find as
`DuplicateCandidate` rows, the lower id first; a pair an operator dismissed is never
suggested again, and an open suspicion that no signal supports any more is withdrawn.

How two values compare is apart, in `duplicate_keys.py`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from localiste.makers.duplicate_keys import (
    NEARBY_KM,
    PhoneTail,
    WebsiteHost,
    email_key,
    name_key,
    name_similarity,
    phone_number,
    phone_tail,
    website_domain,
    website_hosts_of,
)
from localiste.makers.models import DuplicateCandidate, Maker
from localiste.makers.models.maker import status_unindexed
from localiste.search.geo import bbox_around, distance_km

Signal = DuplicateCandidate.Signal
# Listings compared: those the public sees or the operators are about to.
WATCHED_STATUSES = (Maker.Status.PUBLISHED, Maker.Status.PENDING)
# How much each signal says on its own (0–1); a pair's score combines them.
SIGNAL_WEIGHTS = {
    Signal.SIRET: 0.95,
    Signal.EMAIL: 0.85,
    Signal.PHONE: 0.8,
    Signal.WEBSITE: 0.7,
    Signal.NAME_NEARBY: 0.5,
}
SIGNAL_ORDER = tuple(SIGNAL_WEIGHTS)
# A contact more listings share than this is a switchboard or a market's, not one maker's.
MAX_SHARED = 12
# The most neighbours one check reads (a dense city centre at a million listings).
MAX_NEARBY = 20_000
PROFILE_FIELDS = ("id", "name", "siret", "email", "phone", "website", "latitude", "longitude")
WRITE_BATCH = 1000


@dataclass(frozen=True, slots=True)
class Profile:
    """What comparing needs of one listing, its keys computed once."""

    id: int
    name_key: str
    siret: str
    email: str
    phone: str
    domain: str
    latitude: float | None
    longitude: float | None

    @classmethod
    def of(cls, row) -> Profile:
        """The profile of a Maker or of a `values(*PROFILE_FIELDS)` row (a dict or a tuple)."""
        if isinstance(row, Maker):
            row = tuple(getattr(row, name) for name in PROFILE_FIELDS)
        elif isinstance(row, dict):
            row = tuple(row[name] for name in PROFILE_FIELDS)
        pk, name, siret, email, phone, website, latitude, longitude = row
        return cls(
            id=pk,
            name_key=name_key(name or ""),
            siret=(siret or "").strip(),
            email=email_key(email or ""),
            phone=phone_number(phone or ""),
            domain=website_domain(website or ""),
            latitude=latitude,
            longitude=longitude,
        )

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class Match:
    """Why two listings look alike."""

    signals: tuple[str, ...]
    score: float


def pair_match(first: Profile, second: Profile) -> Match | None:
    """The signals that `first` and `second` share, and their score; None if none."""
    found = set()
    for signal, attribute in (
        (Signal.SIRET, "siret"),
        (Signal.EMAIL, "email"),
        (Signal.PHONE, "phone"),
        (Signal.WEBSITE, "domain"),
    ):
        value = getattr(first, attribute)
        if value and value == getattr(second, attribute):
            found.add(signal)
    similarity = 0.0
    if first.located and second.located:
        near = distance_km(first.latitude, first.longitude, second.latitude, second.longitude)
        if near <= NEARBY_KM:
            similarity = name_similarity(first.name_key, second.name_key)
            if similarity:
                found.add(Signal.NAME_NEARBY)
    if not found:
        return None
    missing = 1.0
    for signal in found:
        weight = SIGNAL_WEIGHTS[signal]
        if signal == Signal.NAME_NEARBY:
            weight *= similarity / 100
        missing *= 1 - weight
    signals = tuple(str(signal) for signal in SIGNAL_ORDER if signal in found)
    return Match(signals=signals, score=round(1 - missing, 3))


def watched_makers():
    return Maker.objects.filter(status__in=WATCHED_STATUSES).order_by()


# --- one listing against the others ---------------------------------------------------------


def _suspects_of(profile: Profile, maker: Maker) -> set[int]:
    """Ids of the watched listings sharing a key with `maker`, each query on an index."""
    others = watched_makers().exclude(pk=profile.id)
    lookups = []
    if profile.siret:
        lookups.append(others.filter(siret=profile.siret))
    if profile.email:
        lookups.append(others.alias(key=Lower("email")).filter(key=profile.email))
    if profile.phone:
        lookups.append(others.alias(key=PhoneTail("phone")).filter(key=phone_tail(maker.phone)))
    if profile.domain:
        hosts = website_hosts_of(profile.domain)
        lookups.append(others.alias(key=WebsiteHost("website")).filter(key__in=hosts))
    ids: set[int] = set()
    for lookup in lookups:
        found = list(lookup.values_list("id", flat=True)[:MAX_SHARED])
        if len(found) < MAX_SHARED:  # else a switchboard's, as the bulk pass judges it
            ids.update(found)
    if profile.located and profile.name_key:
        min_lat, min_lon, max_lat, max_lon = bbox_around(
            profile.latitude, profile.longitude, NEARBY_KM
        )
        # On the position index (maker_position), not the status one: a city centre holds
        # a few hundred listings, the directory a million.
        nearby = (
            Maker.objects.filter(
                status_unindexed(*WATCHED_STATUSES),
                latitude__range=(min_lat, max_lat),
                longitude__range=(min_lon, max_lon),
            )
            .exclude(pk=profile.id)
            .order_by()
            .values_list("id", "name")[:MAX_NEARBY]
        )
        by_key: dict[str, list[int]] = defaultdict(list)
        for pk, name in nearby:
            by_key[name_key(name)].append(pk)
        for key, members in by_key.items():
            if name_similarity(profile.name_key, key):
                ids.update(members)
    return ids


def duplicates_find_for(*, maker: Maker) -> list[DuplicateCandidate]:
    """The open suspicions that `maker` duplicates another listing, recorded (best first).

    New pairs are recorded, those found again get their signals brought up to date, pairs
    an operator dismissed stay dismissed, and an open pair that nothing supports any more
    is withdrawn. Cheap enough for every submission and import: one query per key, each on
    an index of `duplicate_keys.DUPLICATE_INDEXES`, and one short transaction for the rows
    (call it once the caller's own transaction has committed, so as not to lengthen it).
    """
    profile = Profile.of(maker)
    suspects = _suspects_of(profile, maker)
    matches: dict[tuple[int, int], Match] = {}
    for row in Maker.objects.filter(pk__in=suspects).order_by().values_list(*PROFILE_FIELDS):
        other = Profile.of(row)
        match = pair_match(profile, other)
        if match is not None:
            matches[pair_key(profile.id, other.id)] = match
    existing = DuplicateCandidate.objects.filter(Q(maker_id=maker.pk) | Q(other_id=maker.pk))
    with transaction.atomic():
        candidates_record(matches, existing=existing)
    return duplicates_of(maker=maker)


def duplicates_check_after_commit(maker: Maker) -> None:
    """Run `duplicates_find_for(maker)` once the current transaction has committed.

    Looking for duplicates reads neighbours, which must not hold the write lock; a failure
    there (logged) never undoes what the caller saved. Called when a listing is submitted,
    published (an operator's own, a restored one) or imported.
    """
    maker_id = maker.pk

    def check() -> None:
        found = Maker.objects.filter(pk=maker_id).first()
        if found is not None:
            duplicates_find_for(maker=found)

    transaction.on_commit(check, robust=True)


def pair_key(first_id: int, second_id: int) -> tuple[int, int]:
    return (first_id, second_id) if first_id < second_id else (second_id, first_id)


def candidates_record(matches: dict[tuple[int, int], Match], *, existing) -> tuple[int, int, int]:
    """Write `matches` over the candidates of `existing`: how many (new, updated, withdrawn).

    An open candidate missing from `matches` is withdrawn when both its listings are watched
    (so this check compared them); pairs with a draft or a suspended listing keep their state.
    """
    open_status = DuplicateCandidate.Status.OPEN
    known = {
        (first_id, second_id): (pk, signals, score, status, {first_status, second_status})
        for pk, first_id, second_id, signals, score, status, first_status, second_status in (
            existing.order_by().values_list(
                "id", "maker_id", "other_id", "signals", "score", "status",
                "maker__status", "other__status",
            )
        )
    }  # fmt: skip
    created = [
        DuplicateCandidate(
            maker_id=pair[0], other_id=pair[1], signals=list(m.signals), score=m.score
        )
        for pair, m in matches.items()
        if pair not in known
    ]
    now = timezone.now()
    changed = [
        DuplicateCandidate(
            pk=known[pair][0], signals=list(m.signals), score=m.score, updated_at=now
        )
        for pair, m in matches.items()
        if pair in known
        and known[pair][3] == open_status  # decided pairs (dismissed) are not suggested again
        and (known[pair][1] != list(m.signals) or known[pair][2] != m.score)
    ]
    stale = [
        pk
        for pair, (pk, _signals, _score, status, statuses) in known.items()
        if pair not in matches and status == open_status and statuses <= set(WATCHED_STATUSES)
    ]
    # Another check may have recorded the same pair meanwhile: the constraint keeps one.
    DuplicateCandidate.objects.bulk_create(created, batch_size=WRITE_BATCH, ignore_conflicts=True)
    DuplicateCandidate.objects.bulk_update(
        changed, ["signals", "score", "updated_at"], batch_size=WRITE_BATCH
    )
    for start in range(0, len(stale), WRITE_BATCH):
        # Unless an operator decided on it meanwhile.
        DuplicateCandidate.objects.filter(
            pk__in=stale[start : start + WRITE_BATCH], status=open_status
        ).delete()
    return len(created), len(changed), len(stale)


# --- the operators' decisions ---------------------------------------------------------------------


def duplicates_of(*, maker: Maker) -> list[DuplicateCandidate]:
    """The open suspicions involving `maker`, best first, each with both listings loaded."""
    return list(
        DuplicateCandidate.objects.filter(Q(maker=maker) | Q(other=maker))
        .filter(status=DuplicateCandidate.Status.OPEN)
        .select_related("maker", "other")
        .order_by("-score", "id")
    )


@transaction.atomic
def duplicate_dismiss(
    *, candidate: DuplicateCandidate, operator: AbstractBaseUser
) -> DuplicateCandidate:
    """Record that the pair of `candidate` are two makers: it is never suggested again
    (ValidationError when it was already decided)."""
    candidate = duplicate_lock_open(candidate)
    candidate.status = DuplicateCandidate.Status.DISMISSED
    candidate.decided_at = timezone.now()
    candidate.decided_by = operator
    candidate.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    return candidate


def duplicate_lock_open(candidate: DuplicateCandidate) -> DuplicateCandidate:
    """`candidate` read again and locked for this transaction, or ValidationError when an
    operator decided on it meanwhile."""
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise ValidationError(_("This pair has already been decided."))
    return candidate
