"""The favourites pages and the heart buttons' POSTs, with or without JavaScript.

A heart button is a small form: without JavaScript its POST redirects back with a message;
favourites.js posts the same form asking for JSON and flips the button in place. Anonymous
visitors' favourites live in the `favoris` cookie (written here only), signed-in visitors'
in their account.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from localiste.core.site_url import absolute_url
from localiste.favourites import cookie, services
from localiste.favourites.cookie import cookie_fits, cookie_write, slugs_parse
from localiste.favourites.receivers import browser_favourites_move
from localiste.favourites.selectors import (
    browser_slugs_for_write,
    favourite_maker_get,
    favourite_maker_held,
    favourite_slugs_for,
    makers_from_slugs,
    visitor_favourite_slugs,
    visitor_favourites,
)


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _back(request):
    """A redirect to the page the button was on (this site's only), or the favourites."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("favourites:list")
    return redirect(target)


def _answer(request, *, favourite: bool, message: str, ok: bool = True, slugs=None):
    """The answer to a heart button: JSON for favourites.js, else a redirect and a message."""
    if _wants_json(request):
        response = JsonResponse(
            {"favourite": favourite, "message": message}, status=200 if ok else 409
        )
    else:
        (messages.success if ok else messages.error)(request, message)
        response = _back(request)
    if slugs is not None:
        cookie_write(response, slugs)
    return response


def _full_message() -> str:
    return ngettext(
        "You can keep %(count)d favourite at most: remove one first.",
        "You can keep %(count)d favourites at most: remove one first.",
        cookie.FAVOURITES_MAX,
    ) % {"count": cookie.FAVOURITES_MAX}


@require_POST
def favourite_add(request, slug):
    """Add the published maker `slug` to the visitor's favourites (404 for any other)."""
    maker = favourite_maker_get(slug=slug)
    added = _("%(name)s is in your favourites.") % {"name": maker.name}
    if request.user.is_authenticated:
        try:
            services.favourite_add(user=request.user, maker=maker)
        except services.FavouritesFull:
            return _answer(request, favourite=False, message=_full_message(), ok=False)
        return _answer(request, favourite=True, message=added)
    # Written back with the makers' current slugs (a renamed or merged one under its new name).
    slugs, published = browser_slugs_for_write(request)
    if maker.slug not in slugs:
        slugs.append(maker.slug)
        if published >= cookie.FAVOURITES_MAX or not cookie_fits(slugs):
            return _answer(request, favourite=False, message=_full_message(), ok=False)
    return _answer(request, favourite=True, message=added, slugs=slugs)


@require_POST
def favourite_remove(request, slug):
    """Take the maker `slug` out of the visitor's favourites, published or not (404 for a
    maker that is neither published nor kept)."""
    maker = favourite_maker_held(request, slug=slug)
    removed = _("%(name)s is no longer in your favourites.") % {"name": maker.name}
    if request.user.is_authenticated:
        services.favourite_remove(user=request.user, maker=maker)
        return _answer(request, favourite=False, message=removed)
    slugs = [kept for kept in browser_slugs_for_write(request)[0] if kept != maker.slug]
    return _answer(request, favourite=False, message=removed, slugs=slugs)


def _browser_only(request) -> list[str]:
    """The makers a signed-in visitor's browser still keeps that their account does not."""
    if not request.user.is_authenticated or cookie.COOKIE_NAME not in request.COOKIES:
        return []
    in_account = favourite_slugs_for(user=request.user)
    return [slug for slug in browser_slugs_for_write(request)[0] if slug not in in_account]


@require_safe
def favourites_list(request):
    """The visitor's favourite makers, and a link to share them (reads only: a signed-in
    visitor's browser list is merged at login, or by the button this page then offers)."""
    makers = visitor_favourites(request)
    share_url = None
    if makers:
        query = ",".join(maker.slug for maker in makers)
        share_url = absolute_url(request, f"{reverse('favourites:shared')}?m={query}")
    context = {"makers": makers, "share_url": share_url, "browser_only": _browser_only(request)}
    return render(request, "favourites/list.html", context)


@require_POST
def favourites_move(request):
    """Move a signed-in visitor's browser favourites into their account, as room allows."""
    response = redirect("favourites:list")
    if request.user.is_authenticated:
        browser_favourites_move(request, user=request.user, response=response)
    return response


@require_safe
@never_cache
def favourites_state(request):
    """The slugs the visitor keeps, as JSON: favourites.js refreshes restored pages with it."""
    return JsonResponse({"favourites": sorted(visitor_favourite_slugs(request))})


@require_safe
def favourites_shared(request):
    """A list of makers someone shared: read-only, with a button to keep them all."""
    slugs = slugs_parse(request.GET.get("m"), separator=",")
    makers = makers_from_slugs(slugs=slugs)
    return render(
        request,
        "favourites/shared.html",
        {"makers": makers, "slugs": ",".join(maker.slug for maker in makers)},
    )


@require_POST
def favourites_add_all(request):
    """Add every maker of a shared list to the visitor's favourites, as room allows."""
    slugs = [
        maker.slug
        for maker in makers_from_slugs(slugs=slugs_parse(request.POST.get("m"), separator=","))
    ]
    response = redirect("favourites:list")
    # Added last first, so that the visitor's list then shows them in the shared order.
    if request.user.is_authenticated:
        added = services.favourites_merge(user=request.user, slugs=reversed(slugs)).added
    else:
        kept, published = browser_slugs_for_write(request)
        new = [slug for slug in slugs if slug not in kept]
        del new[max(cookie.FAVOURITES_MAX - published, 0) :]
        while new and not cookie_fits(kept + new):
            new.pop()
        added = len(new)
        cookie_write(response, kept + new[::-1])
    if added:
        message = ngettext(
            "%(count)d maker added to your favourites.",
            "%(count)d makers added to your favourites.",
            added,
        ) % {"count": added}
        messages.success(request, message)
    elif slugs:
        messages.info(
            request, _("No maker added: they are in your favourites already, or your list is full.")
        )
    return response
