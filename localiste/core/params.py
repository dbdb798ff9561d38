"""Reading the parameters of a request (query string or form), which anyone may have typed."""

from __future__ import annotations

# The widest a database integer column holds (a signed 64-bit BIGINT); a larger number would
# make the database refuse the query (SQLite raises OverflowError), a 500 instead of "none".
DATABASE_INT_MAX = 2**63 - 1


def int_param(value: str | None) -> int | None:
    """`value` (e.g. `request.GET.get("page")`) as an int, or None when it is missing, not a
    whole number, or too large for a database column."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    if number is None or abs(number) > DATABASE_INT_MAX:
        return None
    return number
