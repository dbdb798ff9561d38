"""Old addresses of listings: where a slug that no listing holds any more now leads."""

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
