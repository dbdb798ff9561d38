"""The transport avoided on search result cards, and the visitor's place carried to the maker
page (see makers.transport)."""

from urllib.parse import urlencode

from django import template

from localiste.catalog.origins import category_origin_km_map
from localiste.makers.transport import TransportEstimate, VisitorPlace, card_transport

register = template.Library()

PLACE_PARAMETER = "depuis"
_MAP_ATTRIBUTE = "_transport_origin_km_map"


@register.simple_tag(takes_context=True)
def card_transport_estimate(context, maker) -> TransportEstimate | None:
    """`{% card_transport_estimate maker as estimate %}`: the card's estimate, or None.

    The categories' map is read once per request, whatever the number of cards.
    """
    if getattr(maker, "distance_km", None) is None:
        return None
    request = context.get("request")
    origin_km_map = getattr(request, _MAP_ATTRIBUTE, None)
    if origin_km_map is None:
        origin_km_map = category_origin_km_map()
        if request is not None:
            setattr(request, _MAP_ATTRIBUTE, origin_km_map)
    return card_transport(maker, origin_km_map=origin_km_map)


@register.simple_tag
def transport_from(search) -> str:
    """`{% transport_from search %}`: "?depuis=…" naming the search's place or position, so the
    maker page shows the same distance; "" when the search had neither."""
    if search is None:
        return ""
    place = getattr(search, "place", None)
    if place is not None:
        # With the postcode, the maker page finds the same commune among namesakes.
        postcode = place.postcodes.split()[0] if place.postcodes else ""
        value = f"{place.name} {postcode}".strip()
    elif getattr(search, "uses_coordinates", False) and search.query.has_point:
        value = VisitorPlace(search.query.latitude, search.query.longitude).query
    else:
        return ""
    return "?" + urlencode({PLACE_PARAMETER: value})
