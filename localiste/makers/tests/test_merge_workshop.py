"""Merging two listings of one maker: what each said of visiting the workshop."""

import pytest
from django.utils import translation

from localiste.makers.services.merge import maker_merge, merge_conflicts
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def merge(survivor, absorbed, operator, **choices):
    return maker_merge(
        survivor=survivor,
        absorbed=absorbed,
        choices=choices,
        operator=operator,
        survivor_version=survivor.version,
        absorbed_version=absorbed.version,
    )


def listings(mine: dict, theirs: dict):
    return MakerFactory(name="Atelier Dupont", **mine), MakerFactory(
        name="Atelier Dupont", latitude=44.0, **theirs
    )


def fields(conflicts) -> dict:
    return {conflict.field: conflict for conflict in conflicts}


def test_access_and_its_note_are_kept_together_by_default(operator):
    survivor, absorbed = listings(
        {"workshop_access": "not_accessible"},
        {"workshop_access": "step_free", "workshop_access_note": "Rampe amovible"},
    )

    merged = merge(survivor, absorbed, operator)

    # Never "not accessible" with the other listing's ramp.
    assert (merged.workshop_access, merged.workshop_access_note) == ("not_accessible", "")


def test_the_operator_takes_the_other_access_with_its_note(operator):
    survivor, absorbed = listings(
        {"workshop_access": "not_accessible", "workshop_access_note": "Escalier"},
        {"workshop_access": "step_free", "workshop_access_note": "Rampe amovible"},
    )

    merged = merge(survivor, absorbed, operator, workshop_access="absorbed")

    assert (merged.workshop_access, merged.workshop_access_note) == ("step_free", "Rampe amovible")


def test_an_access_only_one_listing_states_is_taken_whole(operator):
    survivor, absorbed = listings(
        {}, {"workshop_access": "partly", "workshop_access_note": "Une marche de 10 cm"}
    )

    assert "workshop_access" not in fields(merge_conflicts(survivor=survivor, absorbed=absorbed))
    merged = merge(survivor, absorbed, operator)

    assert (merged.workshop_access, merged.workshop_access_note) == (
        "partly",
        "Une marche de 10 cm",
    )


def test_a_note_without_a_stated_access_is_a_conflict_with_a_stated_one(operator):
    survivor, absorbed = listings(
        {"workshop_access": "not_accessible"}, {"workshop_access_note": "Rampe amovible"}
    )

    assert "workshop_access" in fields(merge_conflicts(survivor=survivor, absorbed=absorbed))

    merged = merge(survivor, absorbed, operator)
    assert (merged.workshop_access, merged.workshop_access_note) == ("not_accessible", "")


def test_the_operator_reads_the_access_by_its_name_not_its_code():
    survivor, absorbed = listings(
        {"workshop_access": "not_accessible"},
        {"workshop_access": "step_free", "workshop_access_note": "Rampe amovible"},
    )

    with translation.override("en"):
        conflict = fields(merge_conflicts(survivor=survivor, absorbed=absorbed))["workshop_access"]

    assert conflict.label == "wheelchair access to the workshop"
    assert conflict.survivor_text == "Not accessible in a wheelchair"
    assert conflict.absorbed_text == "Step-free access (Rampe amovible)"


def test_only_the_access_counts_unknown_as_not_stated(operator):
    # "unknown" typed in a text is a value like any other.
    survivor, absorbed = listings({"tagline": ""}, {"tagline": "unknown"})

    merged = merge(survivor, absorbed, operator)

    assert merged.tagline == "unknown"


def test_visits_by_appointment_from_either_listing_are_workshop_visits(operator):
    survivor, absorbed = listings({}, {"offers_visits_by_appointment": True})

    merged = merge(survivor, absorbed, operator)

    assert merged.offers_visits_by_appointment and merged.offers_workshop_visits
