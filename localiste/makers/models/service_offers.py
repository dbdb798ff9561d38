"""The services a maker may offer: the one list of them.

Each has a code (the search filter, the API's `services`, the open-data columns), the
Maker field that holds it and its label. The search documents, the public API, the
search pages' filters and the open-data exports all read this list, in this order.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Service(NamedTuple):
    field: str
    label: Promise


SERVICES: dict[str, Service] = {
    "workshop_visits": Service("offers_workshop_visits", _("Workshop visits")),
    "on_site_sale": Service("offers_on_site_sale", _("Sale at the workshop")),
    "online_shop": Service("offers_online_shop", _("Online shop")),
    "made_to_order": Service("offers_made_to_order", _("Made to order")),
    "by_appointment": Service("offers_visits_by_appointment", _("Visits by appointment")),
    "shipping": Service("offers_shipping", _("Ships orders")),
}
SERVICE_FIELDS = tuple(service.field for service in SERVICES.values())


def services_offered(maker) -> list[str]:
    """The codes of the services `maker` (a Maker, or a dict of its values) offers, in order."""
    if isinstance(maker, dict):
        return [code for code, service in SERVICES.items() if maker[service.field]]
    return [code for code, service in SERVICES.items() if getattr(maker, service.field)]
