"""The bulk pass of `manage.py duplicates_find`: every watched listing against the others.

Listings are read once; contacts are grouped by key in memory, names compared with those of
the neighbouring cells only (cells at least NEARBY_KM across). The pairs are recorded like
those of a single check (`duplicates.candidates_record`).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from django.db import transaction
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from localiste.makers.duplicate_keys import NEARBY_KM, name_edits_bound, name_similarity
from localiste.makers.duplicates import (
    MAX_SHARED,
    PROFILE_FIELDS,
    Profile,
    candidates_record,
    pair_key,
    pair_match,
    watched_makers,
)
from localiste.makers.models import DuplicateCandidate
from localiste.search.geo import KM_PER_DEGREE


def _identity(iterable: Iterable, **_options) -> Iterable:
    return iterable


@dataclass
class DuplicateScan:
    """What a bulk pass read and found, and how long each step took (seconds)."""

    makers: int = 0
    pairs: int = 0
    by_signal: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        signals = ", ".join(f"{name} {count}" for name, count in sorted(self.by_signal.items()))
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.seconds.items())
        return (
            f"{self.makers} listings compared: {self.pairs} possible duplicates "
            f"({signals or 'none'}); {self.created} new, {self.updated} updated, "
            f"{self.withdrawn} withdrawn. {steps}."
        )


def duplicates_find_all(
    *, progress: Callable[..., Iterable] = _identity, batch: int = 20_000
) -> DuplicateScan:
    """Compare every published or pending listing with the others and record the pairs.

    Listings are read once, in batches of `batch`; contacts are grouped by key, names are
    compared with those of the neighbouring 1 km cells only. `progress` wraps the loops
    (tqdm's signature: `progress(iterable, total=…, desc=…)`).
    """
    scan = DuplicateScan()
    started = time.perf_counter()
    profiles = _profiles_read(progress=progress, batch=batch)
    scan.makers = len(profiles)
    scan.seconds["reading"] = time.perf_counter() - started

    step = time.perf_counter()
    pairs = _pairs_by_contact(profiles.values())
    pairs |= _pairs_by_name_nearby(profiles, progress=progress)
    matches = {}
    for first_id, second_id in pairs:
        match = pair_match(profiles[first_id], profiles[second_id])
        if match is not None:
            matches[(first_id, second_id)] = match
            for signal in match.signals:
                scan.by_signal[signal] = scan.by_signal.get(signal, 0) + 1
    scan.pairs = len(matches)
    scan.seconds["comparing"] = time.perf_counter() - step

    step = time.perf_counter()
    with transaction.atomic():
        counts = candidates_record(matches, existing=DuplicateCandidate.objects.all())
    scan.created, scan.updated, scan.withdrawn = counts
    scan.seconds["recording"] = time.perf_counter() - step
    scan.seconds["total"] = time.perf_counter() - started
    return scan


def _profiles_read(*, progress: Callable[..., Iterable], batch: int) -> dict[int, Profile]:
    watched = watched_makers()
    total = watched.count()
    profiles: dict[int, Profile] = {}

    def rows() -> Iterator[tuple]:
        last = 0
        while True:
            chunk = list(
                watched.filter(id__gt=last).order_by("id").values_list(*PROFILE_FIELDS)[:batch]
            )
            if not chunk:
                return
            yield from chunk
            last = chunk[-1][0]

    for row in progress(rows(), total=total, desc="reading", unit=" listings"):
        profiles[row[0]] = Profile.of(row)
    return profiles


def _pairs_by_contact(profiles: Iterable[Profile]) -> set[tuple[int, int]]:
    """Pairs sharing a SIRET, an email, a phone or a website domain (not a switchboard's)."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for profile in profiles:
        for kind in ("siret", "email", "phone", "domain"):
            value = getattr(profile, kind)
            if value:
                groups[(kind, value)].append(profile.id)
    pairs = set()
    for ids in groups.values():
        if 1 < len(ids) <= MAX_SHARED:
            pairs.update(combinations(sorted(ids), 2))
    return pairs


_CELL_DEGREES = NEARBY_KM / KM_PER_DEGREE  # a cell's height; its width grows with latitude


def _cell_width(row: int) -> float:
    """The width (degrees of longitude) of the cells of `row`: at least NEARBY_KM wide."""
    edge = max(abs(row * _CELL_DEGREES), abs((row + 1) * _CELL_DEGREES))
    return min(360.0, _CELL_DEGREES / max(math.cos(math.radians(min(edge, 89.9))), 1e-6))


def _cell(row: int, longitude: float) -> tuple[int, int]:
    return row, math.floor(longitude / _cell_width(row))


def _pairs_by_name_nearby(
    profiles: dict[int, Profile], *, progress: Callable[..., Iterable]
) -> set[tuple[int, int]]:
    """Pairs within NEARBY_KM whose names are alike, found cell by cell.

    Cells are at least NEARBY_KM across, so the neighbours of a listing lie in its cell and
    the cells around it. Each pair of neighbouring cells is compared once (from the lower
    one): every distinct name key of the cell against the distinct keys of its neighbours
    at once (rapidfuzz, with a cut-off), then the few alike ones by the exact rule.
    """
    cells: dict[tuple[int, int], dict[str, list[Profile]]] = defaultdict(lambda: defaultdict(list))
    for profile in profiles.values():
        if profile.located and profile.name_key:
            row = math.floor(profile.latitude / _CELL_DEGREES)
            cells[_cell(row, profile.longitude)][profile.name_key].append(profile)
    pairs = set()
    for cell, keys in progress(cells.items(), total=len(cells), desc="comparing names"):
        # The neighbours' keys by (words, letters): alike keys have as many words, and
        # lengths that differ by no more than the edits allowed.
        block: dict[str, list[Profile]] = defaultdict(list)
        shelves: dict[tuple[int, int], list[str]] = defaultdict(list)
        for near_cell in _cells_around(cell):
            if near_cell >= cell:  # the lower cell of a pair compares them
                for key, members in cells.get(near_cell, {}).items():
                    if key not in block:
                        shelves[(key.count(" "), len(key))].append(key)
                    block[key].extend(members)
        for key, members in keys.items():
            words, bound = key.count(" "), name_edits_bound(key)
            for length in range(len(key) - bound, len(key) + bound + 1):
                choices = shelves.get((words, length))
                if not choices:
                    continue
                # A superset of the alike keys (the query's length allows the most edits)…
                for choice, _edits, _index in process.extract(
                    key, choices, scorer=Levenshtein.distance, score_cutoff=bound, limit=None
                ):
                    if not name_similarity(key, choice):  # …narrowed by the exact rule
                        continue
                    for one in members:
                        for other in block[choice]:
                            if one.id != other.id:
                                pairs.add(pair_key(one.id, other.id))
    return pairs


def _cells_around(cell: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """`cell` and the cells of its row and the rows beside it that hold points within
    NEARBY_KM of it (rows nearer the pole have wider cells, so the columns shift)."""
    row, column = cell
    width = _cell_width(row)
    west, east = column * width, (column + 1) * width
    for near_row in (row - 1, row, row + 1):
        near_width = _cell_width(near_row)  # wider than NEARBY_KM at any of its latitudes
        first = math.floor((west - near_width) / near_width)
        last = math.ceil((east + near_width) / near_width) - 1
        for near_column in range(first, last + 1):
            yield near_row, near_column
