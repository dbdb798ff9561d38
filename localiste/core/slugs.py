"""Readable, unique slugs."""

from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet
from django.utils.text import slugify

from localiste.core.text import fold


def slug_base(text: str, max_length: int = 120) -> str:
    """An ASCII slug for `text` ("Atelier Lœuvre & Fils" → "atelier-loeuvre-fils")."""
    return slugify(fold(text))[:max_length].strip("-") or "fiche"


def unique_slug(
    text: str,
    queryset: QuerySet,
    *,
    exclude: Model | None = None,
    reserved: Callable[[str], Iterable[str]] | None = None,
) -> str:
    """`slug_base(text)`, suffixed -2, -3… until no row of `queryset` holds it, nor any of
    the slugs `reserved(base)` gives (addresses kept for something else, e.g. redirects)."""
    base = slug_base(text)
    if exclude is not None and exclude.pk:
        queryset = queryset.exclude(pk=exclude.pk)
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    if reserved is not None:
        taken.update(reserved(base))
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug
