"""The address step's warning when the workshop is in none of the site's territories: a
warning, never a refusal (the operators decide at review)."""

from django.contrib import messages
from django.utils.translation import gettext_lazy

from localiste.makers.models import Maker
from localiste.places.selectors import outside_every_territory

OUTSIDE_TERRITORIES = gettext_lazy(
    "This address is outside the areas this directory covers. It is saved, but the operators "
    "may not publish a page from outside them: write to them if you think it belongs here."
)


def outside_territories(maker: Maker) -> bool:
    """Whether `maker` is located, but in none of the site's active territories."""
    if not maker.has_location:
        return False
    return outside_every_territory(maker.place, point=(maker.latitude, maker.longitude))


def warn_when_leaving(request, maker: Maker, response, address_url: str):
    """`response` (a redirect after saving the address); when it leads away from the address
    page, which shows the warning itself, the warning goes along as a message."""
    if response["Location"] != address_url and outside_territories(maker):
        messages.warning(request, OUTSIDE_TERRITORIES)
    return response
