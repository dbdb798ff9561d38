"""Finding rows by a person's email address: the exact address, ignoring case, never a part."""

from collections.abc import Iterable

from django.db.models import Q


def email_match(emails: Iterable[str], field: str) -> Q:
    """A filter on `field` equal to any of `emails`, ignoring case (nothing when no email)."""
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(**{f"{field}__iexact": email})
    return query
