"""The word lists and per-craft phrase banks the demo generator draws from (data/*.json)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from localiste.opendata.demo.techniques import tagline_materials

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class ProductKind:
    name: str
    materials: tuple[str, ...]
    price_min: int
    price_max: int
    may_be_quoted: bool


@dataclass(frozen=True, slots=True)
class CraftBank:
    """What makers of one top-level category say about their work and sell."""

    weight: float
    trade_f: str
    trade_m: str
    name_words: tuple[str, ...]
    taglines: tuple[str, ...]
    # Per tagline (same order): the materials its {material} may name, see techniques.py.
    tagline_materials: tuple[tuple[str, ...], ...]
    techniques: tuple[str, ...]
    materials: tuple[str, ...]
    tools: tuple[str, ...]
    products: tuple[ProductKind, ...]
    palette: tuple[str, ...]
    labels: dict[str, float]


@cache
def words() -> dict:
    """People's names, streets, sales points and story templates (read once per process)."""
    return json.loads((DATA_DIR / "demo-words.json").read_text(encoding="utf-8"))


@cache
def _crafts_file() -> dict:
    return json.loads((DATA_DIR / "demo-crafts.json").read_text(encoding="utf-8"))


def colours() -> tuple[str, ...]:
    return tuple(_crafts_file()["colours"])


def collections() -> tuple[str, ...]:
    return tuple(_crafts_file()["collections"])


@cache
def craft_bank(top_slug: str) -> CraftBank:
    """The bank of a top-level category, or the generic one for a slug we have no words for."""
    raw = _crafts_file().get(top_slug) or _crafts_file()["generic"]
    materials = tuple(raw["materials"])
    return CraftBank(
        weight=float(raw["weight"]),
        trade_f=raw["trade"][0],
        trade_m=raw["trade"][1],
        name_words=tuple(raw["name_words"]),
        taglines=tuple(raw["taglines"]),
        tagline_materials=tuple(
            tagline_materials(template, materials) or materials for template in raw["taglines"]
        ),
        techniques=tuple(raw["techniques"]),
        materials=materials,
        tools=tuple(raw["tools"]),
        products=tuple(
            ProductKind(name, tuple(materials), low, high, quoted)
            for name, materials, low, high, quoted in raw["products"]
        ),
        palette=tuple(raw["palette"]),
        labels=dict(raw["labels"]),
    )


def has_bank(top_slug: str) -> bool:
    return top_slug in _crafts_file() and not top_slug.startswith("_")
