"""`{{ product|price }}`: a product's price in the words and number format of the language."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

register = template.Library()


def amount(value: Decimal) -> str:
    """`value` in the active locale, without decimals for whole numbers ("1 200", "35,50")."""
    decimals = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def price_text(kind: str, price_min: Decimal | None, price_max: Decimal | None) -> str:
    """The price in words: "€35", "€40 to €120", "On quote"… (French places the € itself)."""
    if kind == "quote":
        return gettext("On quote")
    if kind == "range" and price_min is not None and price_max is not None:
        if price_min == price_max:
            return gettext("€%(amount)s") % {"amount": amount(price_min)}
        return gettext("€%(min)s to €%(max)s") % {
            "min": amount(price_min),
            "max": amount(price_max),
        }
    if kind == "range" and price_min is not None:
        return gettext("from €%(amount)s") % {"amount": amount(price_min)}
    if kind == "range" and price_max is not None:
        return gettext("up to €%(amount)s") % {"amount": amount(price_max)}
    if price_min is not None:
        return gettext("€%(amount)s") % {"amount": amount(price_min)}
    return gettext("Price on request")


@register.filter
def price(product) -> str:
    """The price of `product` (anything with price_kind, price_min and price_max)."""
    return price_text(product.price_kind, product.price_min, product.price_max)
