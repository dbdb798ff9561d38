"""Facet filters, opening half-hours and object ids turned into what the backends match."""

from localiste.search.backends import Expr
from localiste.search.prepare import facet_tokens, hour_token, slot_token

OBJECT_IDS_MAX = 5000  # Filters.object_ids beyond this many are ignored
SLOTS_PER_WEEK = 7 * 48


def filter_tags(filters) -> tuple[tuple[str, ...], ...]:
    """Tag groups (all groups, any token of each) of the facet filters."""
    tokens = facet_tokens(
        category_ids=_ints(filters.category_ids),
        label_ids=_ints(filters.label_ids),
        territory_ids=_ints(filters.territory_ids),
        place_ids=_ints(filters.place_ids),
    )
    groups = [tuple(tokens[name]) for name in ("category", "label", "territory", "place")]
    groups += [(token,) for token in facet_tokens(services=filters.services)["service"]]
    slot = _slot(getattr(filters, "open_slot", None))
    if slot is not None:
        # Its own tag, or its hour's when both half-hours are open (prepare.slot_tags).
        groups.append((slot_token(slot), hour_token(slot // 2)))
    return tuple(group for group in groups if group)


def _slot(value) -> int | None:
    """A valid half-hour of the week (0–335), or None."""
    try:
        slot = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return slot if 0 <= slot < SLOTS_PER_WEEK else None


def _ints(values, limit: int = 50) -> list[int]:
    found = []
    for value in values or ():
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            continue
        if 0 < number < 2**63:
            found.append(number)
    return found[:limit]


def match_expr(backend, groups, filters) -> Expr | None:
    """The Expr of the term `groups` and `filters`; None when no document can match (the
    filter's object ids are none of the indexed ones)."""
    docids = None
    if getattr(filters, "object_ids", ()):
        wanted = _ints(dict.fromkeys(filters.object_ids), OBJECT_IDS_MAX)
        docids = tuple(sorted(backend.docids_for(wanted))) if wanted else ()
        if not docids:
            return None
    return Expr(groups=tuple(groups), tags=filter_tags(filters), docids=docids)
