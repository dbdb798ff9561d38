"""Duplicates in the demo: a few planted on purpose, none by chance.

Every block of TWINS_EVERY makers holds one planted pair of each kind of TWIN_KINDS: a
maker and, right after it, the same maker listed again with the same SIRET, with the same
phone written another way, or under a near-identical name within 1 km (a typo, or the
capitals and missing accents of an import). `manage.py duplicates_find` must find them
all; `DemoSummary.twins` names them.

Anything else the duplicate checks would catch is kept out: a random phone already given
is drawn again, and a name alike one given within a few km (a dense city holds thousands
of makers, the name patterns a few hundred words) gets its commune, or another word, added.
The builder plants twins (in the generator processes, batch by batch); `Apart` keeps the
others apart in the main process, which sees every maker in order.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from random import Random

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from localiste.core.text import fold
from localiste.makers.duplicate_keys import (
    GENERIC_NAME_WORDS,
    name_edits_bound,
    name_key,
    name_similarity,
    phone_number,
)
from localiste.opendata.demo import names
from localiste.opendata.demo.banks import words
from localiste.opendata.demo.world import KM_PER_DEGREE

TWINS_EVERY = 500
# Position in each block of TWINS_EVERY makers → the kind of twin planted there.
TWIN_KINDS = {100: "siret", 200: "phone", 300: "name_typo", 400: "name_capitals"}
NAME_TWINS = ("name_typo", "name_capitals")
TWIN_DISTANCE_M = (150, 800)
# A last letter mistyped as another ("Dupont" → "Dupond"); any other one gets an "s" added.
_TYPOS = {
    "t": "d", "d": "t", "y": "i", "i": "y", "a": "e", "k": "c", "c": "k", "x": "s", "z": "s",
    "n": "nt", "l": "ll", "e": "",
}  # fmt: skip
# The maker row's columns used here (see rows.MAKER_COLUMNS, passed in as `columns`).
_COLUMNS = (
    "id", "latitude", "longitude", "name", "slug", "story", "siret", "postcode", "locality",
    "place_id", "location_precision", "phone",
)  # fmt: skip


def twin_kind(position: int) -> str | None:
    """The kind of twin the maker at `position` (0-based, in the whole load) is, if any."""
    return TWIN_KINDS.get(position % TWINS_EVERY)


def _seeded(*parts) -> Random:
    return Random(":".join(["localiste-demo-twin", *map(str, parts)]))


def twin_name(kind: str, name: str) -> str:
    """`name` as its twin of `kind` spells it: mistyped, or in capitals without accents."""
    if kind == "name_typo":
        parts = name.split(" ")
        telling = [
            index
            for index, word in enumerate(parts)
            if len(fold(word)) >= 5 and fold(word) not in GENERIC_NAME_WORDS
        ]
        if telling:
            index = max(telling, key=lambda i: (len(parts[i]), -i))
            word = parts[index]
            last = word[-1]
            typo = word[:-1] + _TYPOS[last.lower()] if last.lower() in _TYPOS else word + "s"
            mistyped = " ".join([*parts[:index], typo, *parts[index + 1 :]])
            if name_similarity(name_key(name), name_key(mistyped)):
                return mistyped
    stripped = unicodedata.normalize("NFKD", name)
    return "".join(char for char in stripped if not unicodedata.combining(char)).upper()


def twin_phone(phone: str, seed: str) -> str:
    """`phone` ("05 56 12 34 56") written another way: "+33 5 56 12 34 56", "0556123456"…"""
    digits = "".join(char for char in phone if char.isdigit())
    national = digits[1:]
    pairs = " ".join(national[i : i + 2] for i in range(1, len(national), 2))
    ways = (
        f"+33 {national[0]} {pairs}",
        digits,
        ".".join(digits[i : i + 2] for i in range(0, len(digits), 2)),
        f"+33 (0){national[0]} {pairs}",
        f"0033 {national}",
    )
    return _seeded(seed, "phone").choice(ways)


def plant(kind: str, *, batch, source: list, twin: list, columns: dict[str, int], seed: str):
    """Make the maker row `twin` a duplicate of kind `kind` of the row `source` (both of
    `batch`), and note the pair in `batch.twins`."""
    col = columns
    rng = _seeded(seed)
    if kind == "siret":
        source[col["siret"]] = source[col["siret"]] or names.siret(rng)
        twin[col["siret"]] = source[col["siret"]]
    elif kind == "phone":
        source[col["phone"]] = source[col["phone"]] or names.phone(rng, "75", "33")
        twin[col["phone"]] = twin_phone(source[col["phone"]], seed)
    else:
        old_name = twin[col["name"]]
        new_name = twin_name(kind, source[col["name"]])
        twin[col["name"]], twin[col["slug"]] = new_name, names.slug_of(new_name)
        twin[col["story"]] = twin[col["story"]].replace(old_name, new_name)
        # A few hundred metres from the source, in its commune.
        for name in ("postcode", "locality", "place_id"):
            twin[col[name]] = source[col[name]]
        twin[col["location_precision"]] = "exact"
        latitude, longitude = source[col["latitude"]], source[col["longitude"]]
        distance_km = rng.uniform(*TWIN_DISTANCE_M) / 1000
        bearing = rng.uniform(0, 2 * math.pi)
        twin[col["latitude"]] = round(latitude + distance_km * math.cos(bearing) / KM_PER_DEGREE, 6)
        twin[col["longitude"]] = round(
            longitude
            + distance_km * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(latitude))),
            6,
        )
        source_id, twin_id = source[col["id"]], twin[col["id"]]
        territories = [t for maker_id, t in batch.territories if maker_id == source_id]
        batch.territories[:] = [row for row in batch.territories if row[0] != twin_id]
        batch.territories.extend((twin_id, territory) for territory in territories)
        batch.photos[:] = [
            (*row[:7], row[7].replace(old_name, new_name), *row[8:]) if row[0] == twin_id else row
            for row in batch.photos
        ]
    batch.twins.append((source[col["id"]], twin[col["id"]], kind, seed))


# Cells of about 1 km; names are compared with those of the cells around (a few km).
_CELL_DEGREES = 1.0 / KM_PER_DEGREE


class Apart:
    """Keeps chance duplicates out of the demo, one maker row at a time, in order."""

    def __init__(self, *, seed: int, columns: dict[str, int]) -> None:
        self.seed, self.col = seed, columns
        self.phones: set[str] = set()
        # (cell row, cell column, words, letters) → the name keys given there.
        self.shelves: dict[tuple[int, int, int, int], list[str]] = defaultdict(list)
        self.twins: dict[int, tuple[int, str, str]] = {}  # twin id → (source id, kind, seed)
        self.sources: dict[int, tuple[str, str]] = {}  # source id → (name, phone) as given
        self.name_sources: set[int] = set()  # the makers a twin will stand near
        self.numbers: dict[str, int] = {}  # name → the last number added to it
        self.renamed = 0

    def admit_batch(self, batch) -> None:
        """Admit every maker row of `batch`, renaming or re-numbering those that would look
        like another maker's duplicate (planted twins aside)."""
        for source_id, twin_id, kind, seed in batch.twins:
            self.twins[twin_id] = (source_id, kind, seed)
            self.sources[source_id] = ("", "")
            if kind in NAME_TWINS:
                self.name_sources.add(source_id)
        for row in batch.makers:
            self.admit(row)

    def admit(self, row: list) -> None:
        col = self.col
        maker_id = row[col["id"]]
        source_id, kind, seed = self.twins.pop(maker_id, (None, "", ""))
        if source_id is not None:
            self._follow_source(row, source_id, kind, seed)
        # A twin shares what it was planted with, and is kept apart from the rest otherwise.
        if kind != "phone":
            self._phone_apart(row)
        if kind not in NAME_TWINS:
            # Its twin will stand up to TWIN_DISTANCE_M away: nothing alike within twice that.
            self._name_apart(row, reach=2 if maker_id in self.name_sources else 1)
        phone = phone_number(row[col["phone"]] or "")
        if phone:
            self.phones.add(phone)
        key = name_key(row[col["name"]])
        if key and row[col["latitude"]] is not None:
            self.shelves[(*self._cell(row, 0, 0), key.count(" "), len(key))].append(key)
        if maker_id in self.sources:
            self.sources[maker_id] = (row[col["name"]], row[col["phone"]])

    def _follow_source(self, row: list, source_id: int, kind: str, seed: str) -> None:
        """A twin whose source was renamed (or re-numbered) follows it, to stay its twin."""
        col = self.col
        name, phone = self.sources.pop(source_id, ("", ""))
        if kind in NAME_TWINS and name:
            old_name, new_name = row[col["name"]], twin_name(kind, name)
            if new_name != old_name:
                row[col["name"]], row[col["slug"]] = new_name, names.slug_of(new_name)
                row[col["story"]] = row[col["story"]].replace(old_name, new_name)
        elif kind == "phone" and phone and phone_number(phone) != phone_number(row[col["phone"]]):
            row[col["phone"]] = twin_phone(phone, seed)

    def _phone_apart(self, row: list) -> None:
        col = self.col
        attempt = 0
        while phone_number(row[col["phone"]] or "") in self.phones:
            attempt += 1
            rng = _seeded(self.seed, row[col["id"]], "phone", attempt)
            row[col["phone"]] = names.phone(rng, "", "")  # a mobile or a 09 line

    def _name_apart(self, row: list, *, reach: int) -> None:
        """Give `row` a name alike none given nearby: with its commune, another word, or
        at last a number (a dense city holds more makers than the name patterns have names)."""
        col = self.col
        if row[col["latitude"]] is None:
            return
        name = row[col["name"]]
        rng = _seeded(self.seed, row[col["id"]], "name")
        candidates = [
            name,
            f"{name} ({row[col['locality']]})",
            *(f"{name} & {word}" for word in rng.sample(words()["evocative_words"], 3)),
        ]
        chosen = next((c for c in candidates if not self._clashes(row, name_key(c), reach)), None)
        number = self.numbers.get(name, 1)  # numbers already given to this name come first
        while chosen is None:
            number += 1
            if not self._clashes(row, name_key(f"{name} {number}"), reach):
                chosen = f"{name} {number}"
                self.numbers[name] = number
        if chosen != name:
            row[col["name"]], row[col["slug"]] = chosen, names.slug_of(chosen)
            self.renamed += 1

    def _clashes(self, row: list, key: str, reach: int) -> bool:
        """Whether a name alike `key` was given within about `reach` km of `row` (among the
        keys of as many words and about as many letters)."""
        word_count, bound = key.count(" "), name_edits_bound(key)
        for d_row in range(-reach, reach + 1):
            for d_column in range(-reach - 1, reach + 2):
                cell = self._cell(row, d_row, d_column)
                for length in range(len(key) - bound, len(key) + bound + 1):
                    choices = self.shelves.get((*cell, word_count, length))
                    if choices and _alike_among(key, choices, bound):
                        return True
        return False

    def _cell(self, row: list, d_row: int, d_column: int) -> tuple[int, int]:
        latitude, longitude = row[self.col["latitude"]], row[self.col["longitude"]]
        cos_lat = max(0.2, math.cos(math.radians(latitude)))
        return (
            math.floor(latitude / _CELL_DEGREES) + d_row,
            math.floor(longitude * cos_lat / _CELL_DEGREES) + d_column,
        )


def _alike_among(key: str, choices: list[str], bound: int) -> bool:
    """Whether a key of `choices` is alike `key` (rapidfuzz finds the close ones at once)."""
    close = process.extract(
        key, choices, scorer=Levenshtein.distance, score_cutoff=bound, limit=None
    )
    return any(name_similarity(key, choice) for choice, _edits, _index in close)


def column_indexes(maker_columns: tuple[str, ...]) -> dict[str, int]:
    """{column: index} of the maker row for the columns this module reads and writes."""
    return {name: maker_columns.index(name) for name in _COLUMNS}
