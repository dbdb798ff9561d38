"""Reads of favourites: the makers a visitor keeps, as cards; the state of their buttons."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import get_object_or_404

from localiste.favourites import cookie
from localiste.favourites.models import Favourite
from localiste.makers.models import Maker
from localiste.makers.selectors import maker_redirect_slugs, makers_in_order

PUBLISHED = Maker.Status.PUBLISHED


def favourite_maker_get(*, slug: str) -> Maker:
    """The published maker `slug`, which may be added to favourites (Http404 otherwise)."""
    return get_object_or_404(
        Maker.objects.only("pk", "slug", "name", "status"), slug=slug, status=PUBLISHED
    )


def favourite_maker_held(request, *, slug: str) -> Maker:
    """The maker `slug` that the visitor of `request` may take out of their favourites: a
    published one, or one they keep while it is not published (Http404 otherwise)."""
    maker = get_object_or_404(Maker.objects.only("pk", "slug", "name", "status"), slug=slug)
    if maker.status != PUBLISHED and slug not in visitor_favourite_slugs(request):
        raise Http404
    return maker


def favourites_for(*, user) -> list[Maker]:
    """`user`'s published favourite makers as cards, the last added first."""
    ids = list(
        Favourite.objects.filter(user=user)
        .order_by("-created_at", "-pk")
        .values_list("maker_id", flat=True)
    )
    return makers_in_order(ids=ids)


def favourite_slugs_for(*, user) -> set[str]:
    """The slugs of every maker `user` keeps (published or not), in one query."""
    return set(Favourite.objects.filter(user=user).values_list("maker__slug", flat=True))


def makers_from_slugs(*, slugs: Sequence[str]) -> list[Maker]:
    """The published makers of `slugs` as cards, in the order of `slugs`; others dropped."""
    ids_by_slug = dict(
        Maker.objects.filter(slug__in=list(slugs), status=PUBLISHED)
        .order_by()
        .values_list("slug", "pk")
    )
    return makers_in_order(ids=[ids_by_slug[slug] for slug in slugs if slug in ids_by_slug])


@dataclass
class BrowserFavourites:
    """The `favoris` cookie read with the makers' current slugs, oldest first.

    `as_written` maps a current slug to the old one the cookie still holds (favourites.js
    matches the buttons on it until the server writes the cookie again).
    """

    slugs: list[str]
    as_written: dict[str, str] = field(default_factory=dict)


def browser_favourites(request) -> BrowserFavourites:
    """The favourites kept in `request`'s cookie, old slugs resolved; read once per request."""
    if not hasattr(request, "_browser_favourites"):
        held = cookie.cookie_slugs(request)
        renamed = maker_redirect_slugs(old_slugs=held)
        found = BrowserFavourites(slugs=[])
        for slug in held:
            current = renamed.get(slug, slug)
            if current not in found.slugs:
                found.slugs.append(current)
            if current != slug:
                found.as_written.setdefault(current, slug)
        request._browser_favourites = found
    return request._browser_favourites


def browser_slugs_for_write(request) -> tuple[list[str], int]:
    """The cookie's current slugs to write back (unknown makers dropped), and how many of
    them are published (those count toward FAVOURITES_MAX); one query."""
    slugs = browser_favourites(request).slugs
    statuses = dict(Maker.objects.filter(slug__in=slugs).order_by().values_list("slug", "status"))
    kept = [slug for slug in slugs if slug in statuses]
    return kept, sum(1 for slug in kept if statuses[slug] == PUBLISHED)


def visitor_favourite_slugs(request) -> set[str]:
    """The slugs of the makers the visitor of `request` keeps: account or browser.

    Read once per request (one query at most), whatever the number of heart buttons.
    """
    if not hasattr(request, "_favourite_slugs"):
        if request.user.is_authenticated:
            request._favourite_slugs = favourite_slugs_for(user=request.user)
        else:
            request._favourite_slugs = set(browser_favourites(request).slugs)
    return request._favourite_slugs


def visitor_favourites(request) -> list[Maker]:
    """The published makers the visitor of `request` keeps, as cards, the last added first."""
    if request.user.is_authenticated:
        return favourites_for(user=request.user)
    return makers_from_slugs(slugs=list(reversed(browser_favourites(request).slugs)))
