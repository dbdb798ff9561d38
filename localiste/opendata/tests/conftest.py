"""Fixtures of the open data tests: a private upload folder of their own, a Gironde."""

from pathlib import Path

import pytest

from localiste.places.services import gazetteer_load, territory_sync_from_places


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path) -> Path:
    """The folder of the files uploaded on the import page (IMPORT_UPLOAD_DIR), for this test."""
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    return settings.IMPORT_UPLOAD_DIR


@pytest.fixture
def gironde(db):
    """The communes of Gironde, and its territories."""
    gazetteer_load(department="33")
    territory_sync_from_places()
