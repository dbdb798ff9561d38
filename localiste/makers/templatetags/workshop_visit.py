"""What a maker page says to a visitor of the workshop: appointment, access, languages,
payment, in the page's language."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from localiste.makers.models import Maker
from localiste.makers.models.workshop import PaymentMethod, WorkshopAccess, language_name

register = template.Library()


@dataclass(frozen=True)
class WorkshopVisit:
    by_appointment: bool
    access: str  # a WorkshopAccess code; "unknown" when the maker did not say
    access_label: str
    access_note: str
    languages: list[str]  # names in the active language
    payment_methods: list[str]  # labels in the active language

    @property
    def is_empty(self) -> bool:
        return not (
            self.by_appointment
            or self.access != WorkshopAccess.UNKNOWN
            or self.access_note
            or self.languages
            or self.payment_methods
        )


@register.simple_tag
def workshop_visit(maker: Maker) -> WorkshopVisit:
    """`{% workshop_visit maker as visit %}`: what `maker`'s page says of visiting them."""
    payment_labels = dict(PaymentMethod.choices)
    access = maker.workshop_access or WorkshopAccess.UNKNOWN
    return WorkshopVisit(
        by_appointment=maker.offers_visits_by_appointment,
        access=access,
        access_label=str(WorkshopAccess(access).label) if access in WorkshopAccess else "",
        access_note=maker.workshop_access_note,
        languages=[language_name(code) for code in maker.languages_spoken or []],
        payment_methods=[
            str(payment_labels[code])
            for code in maker.payment_methods or []
            if code in payment_labels
        ],
    )
