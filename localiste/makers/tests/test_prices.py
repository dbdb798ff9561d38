"""Prices in the words and number format of the active language."""

from decimal import Decimal

import pytest
from django.utils import translation

from localiste.core.templatetags.prices import price_text


@pytest.mark.parametrize(
    ("kind", "low", "high", "expected"),
    [
        ("fixed", "35", None, "€35"),
        ("fixed", "35.50", None, "€35.50"),
        ("fixed", "1200", None, "€1,200"),
        ("range", "40", "120", "€40 to €120"),
        ("range", "40", None, "from €40"),
        ("range", "40", "40", "€40"),
        ("quote", None, None, "On quote"),
        ("fixed", None, None, "Price on request"),
    ],
)
def test_price_text_in_english(kind, low, high, expected):
    with translation.override("en"):
        assert price_text(kind, low and Decimal(low), high and Decimal(high)) == expected


def test_amounts_follow_the_french_number_format():
    with translation.override("fr"):
        text = price_text("fixed", Decimal("1234.50"), None)
    assert "1\xa0234,50" in text
