"""How current a maker's page is, for its "Updated on …" line."""

import datetime

from django import template

from localiste.makers.models import Maker
from localiste.makers.selectors.freshness import maker_updated_on

register = template.Library()


@register.simple_tag
def listing_updated_on(maker: Maker) -> datetime.datetime:
    """`{% listing_updated_on maker as updated_on %}`: see selectors.freshness.maker_updated_on."""
    return maker_updated_on(maker)
