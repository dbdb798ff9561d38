"""Why a row was left out of an import, said to the operator in their language.

A reason is a key of REASONS and its parameters: an import run stores both (and the message
as it was said), so that a page can say it again in another language. Reasons come in
groups (bad coordinates, unknown commune…), which the summary counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

# The groups a summary counts, each with its label.
GROUPS = {
    "missing_key": _("no key"),
    "duplicate_key": _("duplicate key"),
    "missing_name": _("missing name"),
    "missing_category": _("missing category"),
    "unknown_category": _("unknown category"),
    "food_category": _("food category"),
    "unknown_commune": _("unknown commune"),
    "bad_coordinates": _("bad coordinates"),
    "not_located": _("not located"),
    "invalid_value": _("invalid value"),
    "malformed_row": _("malformed row"),
    "osm_unmapped": _("unmapped OpenStreetMap tag"),
    "sirene_territory": _("outside the chosen territory"),
    "sirene_closed": _("closed establishment"),
    "sirene_food": _("food or drink activity"),
    "sirene_not_manufacturing": _("not manufacturing"),
    "sirene_unmapped": _("unmapped NAF activity"),
}
# reason: (group, message); the message's parameters are named.
REASONS = {
    "missing_key": ("missing_key", _("no key: the column “%(column)s” is empty")),
    "duplicate_key": ("duplicate_key", _("the key “%(key)s” is already on row %(row)d")),
    "missing_name": ("missing_name", _("no name: the column “%(column)s” is empty")),
    "missing_category": ("missing_category", _("no category: the column “%(column)s” is empty")),
    "unknown_category": ("unknown_category", _("unknown category “%(value)s”")),
    "food_category": (
        "food_category",
        _("“%(value)s” is food or drink: the directory lists non-food goods only"),
    ),
    "no_commune": ("unknown_commune", _("no commune: give its code, its postcode or its name")),
    "unknown_commune": ("unknown_commune", _("unknown commune “%(value)s”")),
    "coordinates_not_numbers": (
        "bad_coordinates",
        _("the coordinates “%(latitude)s”, “%(longitude)s” are not numbers"),
    ),
    "coordinates_half": (
        "bad_coordinates",
        _("only one of the latitude and the longitude is given"),
    ),
    "coordinates_off_globe": (
        "bad_coordinates",
        _(
            "the coordinates %(latitude)s, %(longitude)s are off the globe (latitude from -90 "
            "to 90, longitude from -180 to 180)"
        ),
    ),
    "coordinates_zero": ("bad_coordinates", _("the coordinates are 0, 0: no point was given")),
    "coordinates_far": (
        "bad_coordinates",
        _(
            "the point is %(km)d km from %(commune)s: latitude and longitude swapped, or the "
            "wrong commune?"
        ),
    ),
    "geometry_unusable": (
        "bad_coordinates",
        _("the geometry (%(kind)s) gives no point"),
    ),
    "not_located": (
        "not_located",
        _("no coordinates, and no point is known for %(commune)s"),
    ),
    "invalid_value": ("invalid_value", _("%(field)s: %(error)s")),
    "extra_cells": (
        "malformed_row",
        _("the row has %(count)d cells and the header %(expected)d columns"),
    ),
    "osm_unmapped": (
        "osm_unmapped",
        _("“%(tag)s” has no category in the OpenStreetMap category map"),
    ),
    "osm_no_trade": ("osm_unmapped", _("no craft=* or shop=* tag")),
    "osm_no_id": ("missing_key", _("no OpenStreetMap id (“@id” or “id”, such as node/123)")),
    "sirene_territory": (
        "sirene_territory",
        _("the commune %(code)s is outside the chosen départements and communes"),
    ),
    "sirene_closed": ("sirene_closed", _("the establishment is closed")),
    "sirene_food": (
        "sirene_food",
        _("the activity %(code)s is food or drink: the directory lists non-food goods only"),
    ),
    "sirene_not_manufacturing": (
        "sirene_not_manufacturing",
        _("the activity %(code)s is not manufacturing (NAF divisions 13 to 33)"),
    ),
    "sirene_unmapped": (
        "sirene_unmapped",
        _("the activity %(code)s has no category in the NAF mapping"),
    ),
}


class Skip(Exception):
    """A row left out of the import: `reason` (a key of REASONS) and its parameters."""

    def __init__(self, reason: str, **params: Any):
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        super().__init__(reason)
        self.reason = reason
        self.params = params

    @property
    def group(self) -> str:
        return REASONS[self.reason][0]

    @property
    def message(self) -> str:
        return reason_message(self.reason, self.params)


def reason_message(reason: str, params: Mapping[str, Any]) -> str:
    """The message of `reason` with its parameters, in the active language."""
    return str(REASONS[reason][1]) % dict(params)
