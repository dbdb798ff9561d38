"""Small readers shared by the search and map parsers: one value, a list, a number, a flag,
the half-hour of the week, and the `Notice` that tells a visitor what was made of them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from localiste.makers.hours import site_now

FLAG_VALUES = {
    **dict.fromkeys(("1", "true", "on", "yes"), True),
    **dict.fromkeys(("0", "false", "off", "no"), False),
}


@dataclass(frozen=True)
class Notice:
    """Something the visitor should know about their request; `is_error`: it was refused."""

    code: str
    message: str
    is_error: bool = False


def first_value(params: Mapping, name: str) -> str:
    """The first value of parameter `name` as a stripped string ("" when absent)."""
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
    value = values[0] if values else None
    return value.strip() if isinstance(value, str) else ""


def all_values(params: Mapping, name: str) -> list[str]:
    if hasattr(params, "getlist"):
        values = params.getlist(name)
    else:
        value = params.get(name)
        values = value if isinstance(value, list | tuple) else [value]
    # "a,b" and repeated parameters both work; at most a few distinct values are kept.
    split = [
        part.strip() for value in values if isinstance(value, str) for part in value.split(",")
    ]
    return list(dict.fromkeys(part for part in split if part))[:10]


def to_float(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def to_int(value: str) -> int | None:
    number = to_float(value)
    return int(number) if number is not None and abs(number) < 1e9 else None


def parse_flag(params: Mapping, name: str, notices: list[Notice]) -> bool:
    """A yes/no parameter ("1", "true", "on"… or "0", "false"…); absent is no."""
    raw = params.get(name) if not hasattr(params, "getlist") else None
    if isinstance(raw, bool):
        return raw
    text = first_value(params, name).lower()
    if text in FLAG_VALUES or not text:
        return FLAG_VALUES.get(text, False)
    notices.append(
        Notice(
            "bad_flag",
            _("“%(name)s” takes 1 or 0, not “%(value)s”: it was ignored.")
            % {"name": name, "value": text[:20]},
            is_error=True,
        )
    )
    return False


def open_slot_at(moment: datetime | None = None) -> int:
    """The half-hour of the week `moment` (default: now) falls in, in the site's wall-clock
    time: weekday × 48 + hour × 2 + (minute ≥ 30), Monday 0:00 being 0 (the engine's
    `Filters.open_slot`)."""
    local = site_now(moment)
    return local.weekday() * 48 + local.hour * 2 + (local.minute >= 30)
