"""On signing in, the favourites kept in the browser move into the account; a merged listing's
favourites follow it."""

from django.contrib import messages
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localiste.favourites import cookie
from localiste.favourites.selectors import browser_favourites, browser_slugs_for_write
from localiste.favourites.services import favourites_follow_merge, favourites_merge
from localiste.makers.signals import maker_merged


def browser_favourites_move(request, *, user, response=None) -> None:
    """Merge `request`'s `favoris` cookie into `user`'s favourites and say how it went.

    What did not fit in the account stays in the cookie (rewritten on `response`, cleared
    when everything moved); the visitor is told how many were added and how many were not.
    """
    if not browser_favourites(request).slugs:
        return
    slugs = browser_slugs_for_write(request)[0]  # makers that exist, under their current slug
    merged = favourites_merge(user=user, slugs=slugs)
    if response is not None:
        cookie.cookie_write(response, merged.left_over)
    if merged.added:
        messages.success(
            request,
            ngettext(
                "%(count)d favourite from this browser added to your account.",
                "%(count)d favourites from this browser added to your account.",
                merged.added,
            )
            % {"count": merged.added},
        )
    if merged.left_over:
        count = len(merged.left_over)
        messages.warning(
            request,
            ngettext(
                "%(count)d favourite did not fit in your account (%(max)d at most) and stays "
                "in this browser.",
                "%(count)d favourites did not fit in your account (%(max)d at most) and stay "
                "in this browser.",
                count,
            )
            % {"count": count, "max": cookie.FAVOURITES_MAX},
        )
    elif slugs and not merged.added:
        messages.info(request, _("The favourites of this browser are in your account already."))


def favourites_move_to_account(sender, request, user, response=None, **kwargs) -> None:
    """Connected to allauth's `user_logged_in`, which hands over the response to write on."""
    browser_favourites_move(request, user=user, response=response)


@receiver(maker_merged, dispatch_uid="favourites.follow_merge")
def favourites_follow_listing_merge(sender, survivor_id: int, absorbed_id: int, **kwargs) -> None:
    """The visitors who kept a listing merged away keep the one it joined."""
    favourites_follow_merge(survivor_id=survivor_id, absorbed_id=absorbed_id)
