"""Fixtures of the places tests: the Gironde loaded from the shipped gazetteer."""

import pytest

from localiste.places.services import gazetteer_load, territory_sync_from_places


@pytest.fixture
def gironde(db):
    """The Gironde communes and the shipped territories (about 0.3 s: only one département)."""
    gazetteer_load(department="33")
    territory_sync_from_places()
