"""Old addresses of listings: where a slug that no listing holds any more now leads."""

from collections.abc import Iterable

from localiste.makers.models import Maker, SlugRedirect


def maker_redirect_slug(*, old_slug: str) -> str | None:
    """The slug of the published listing that `old_slug` was merged into (or renamed to),
    or None: no listing had it, or the one it leads to is not public. One indexed query."""
    target = (
        SlugRedirect.objects.filter(old_slug=old_slug)
        .values_list("maker__slug", "maker__status")
        .first()
    )
    if target is None or target[1] != Maker.Status.PUBLISHED:
        return None
    return target[0]


def maker_redirect_slugs(*, old_slugs: Iterable[str]) -> dict[str, str]:
    """{old slug: the slug of the listing it leads to now} for those of `old_slugs` that a
    listing had before a rename or a merge; one query, none for no slugs. A slug some
    listing holds again is its own (left out)."""
    old_slugs = list(old_slugs)
    if not old_slugs:
        return {}
    return dict(
        SlugRedirect.objects.filter(old_slug__in=old_slugs)
        .exclude(old_slug__in=Maker.objects.filter(slug__in=old_slugs).values("slug"))
        .order_by()
        .values_list("old_slug", "maker__slug")
    )
