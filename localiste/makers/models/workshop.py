"""What a visitor of a maker's workshop may expect: how to pay, which languages are spoken,
whether the door can be passed in a wheelchair. The choices the Maker fields hold."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("cash")
    CHEQUE = "cheque", _("cheque")
    CARD = "card", _("bank card")
    TRANSFER = "bank_transfer", _("bank transfer")
    ONLINE = "online", _("online payment")
    LOCAL_CURRENCY = "local_currency", _("local currency")


class WorkshopAccess(models.TextChoices):
    UNKNOWN = "unknown", _("not stated")
    STEP_FREE = "step_free", _("step-free access")
    PARTLY = "partly", _("partly accessible")
    NOT_ACCESSIBLE = "not_accessible", _("not accessible in a wheelchair")


# ISO 639-1 codes a workshop may state, the territory's first: French, English, the
# neighbours' languages, the regional ones (Occitan, Basque, Catalan, Breton), then the
# languages most spoken by newcomers and visitors.
SPOKEN_LANGUAGES = (
    "fr", "en", "es", "de", "it", "pt", "nl", "oc", "eu", "ca", "br",
    "ar", "pl", "ro", "ru", "uk", "tr", "ja",
)  # fmt: skip
# Django names most languages (and translates the names); these it does not.
EXTRA_LANGUAGE_NAMES = {"oc": _("Occitan")}


def language_name(code: str) -> str:
    """The name of the language `code` in the active language ("anglais" in French)."""
    if code in EXTRA_LANGUAGE_NAMES:
        return str(EXTRA_LANGUAGE_NAMES[code])
    info = LANG_INFO.get(code)
    return gettext(info["name"]) if info and "name" in info else code


def spoken_language_choices() -> list[tuple[str, str]]:
    """(code, name in the active language) for every language a workshop may state."""
    return [(code, language_name(code)) for code in SPOKEN_LANGUAGES]


@deconstructible
class ChoiceListValidator:
    """Refuses a list that is not a list of distinct codes among `codes`."""

    def __init__(self, codes: Iterable[str]):
        self.codes = tuple(codes)

    def __call__(self, value) -> None:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(_("Choose from the list."), code="invalid_list")
        unknown = [item for item in value if item not in self.codes]
        if unknown:
            raise ValidationError(
                _("%(value)s is not one of the choices."),
                code="invalid_choice",
                params={"value": ", ".join(unknown)},
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("Each choice once only."), code="duplicate")

    def __eq__(self, other) -> bool:
        return isinstance(other, ChoiceListValidator) and self.codes == other.codes


def choices_in_order(values: Iterable[str], codes: Iterable[str]) -> list[str]:
    """`values` in the order of `codes` (the order the page and the form list them)."""
    chosen = set(values)
    return [code for code in codes if code in chosen]


# schema.org's words for a workshop's visit, for every LocalBusiness we write (the page's
# structured data, the open-data JSON-LD). paymentAccepted is free text: the terms of
# schema.org's own examples, in English whatever the language, so that every file says a
# bank card the same way.
SCHEMA_PAYMENTS = {
    PaymentMethod.CASH: "Cash",
    PaymentMethod.CHEQUE: "Check",
    PaymentMethod.CARD: "Credit Card",
    PaymentMethod.TRANSFER: "Bank Transfer",
    PaymentMethod.ONLINE: "Online Payment",
    PaymentMethod.LOCAL_CURRENCY: "Local Currency",
}
# Only a yes or a no says whether a wheelchair gets in; "partly" and "not stated" say nothing.
WHEELCHAIR_ACCESSIBLE = {WorkshopAccess.STEP_FREE: True, WorkshopAccess.NOT_ACCESSIBLE: False}


def schema_payment_accepted(codes: Iterable[str]) -> str:
    """schema.org `paymentAccepted` of the payment method `codes`: "Cash, Check"."""
    return ", ".join(SCHEMA_PAYMENTS[code] for code in codes or () if code in SCHEMA_PAYMENTS)


def schema_amenities(access: str, note: str) -> list[dict]:
    """schema.org `amenityFeature` of a workshop's wheelchair `access` and its `note`."""
    if access not in WHEELCHAIR_ACCESSIBLE:
        return []
    feature = {
        "@type": "LocationFeatureSpecification",
        "name": "Wheelchair accessible",
        "value": WHEELCHAIR_ACCESSIBLE[access],
    }
    if note:
        feature["description"] = note
    return [feature]


def capitalised(choices) -> list[tuple[str, str]]:
    """`choices` with their labels starting with a capital, as a form lists them."""
    return [(value, capfirst(str(label))) for value, label in choices]
