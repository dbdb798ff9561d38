"""Fixtures of the discovery tests: the Gironde, three makers, and an API with no rate limit."""

import pytest

from localiste.catalog.tests.factories import CategoryFactory, LabelFactory
from localiste.makers.tests.factories import MakerFactory
from localiste.places.services import gazetteer_load, territory_sync_from_places


@pytest.fixture
def gironde(db):
    """The Gironde communes and the shipped territories (about 0.3 s: only one département)."""
    gazetteer_load(department="33")
    territory_sync_from_places()


@pytest.fixture(autouse=True)
def _no_api_rate_limit(settings):
    settings.API_ANON_RATE = "100000/m"


@pytest.fixture
def makers(gironde):
    jewellery = CategoryFactory(slug="t-bijoux", name_fr="Bijoux", name_en="Jewellery")
    rings = CategoryFactory(slug="t-bagues", name_fr="Bagues", name_en="Rings", parent=jewellery)
    furniture = CategoryFactory(slug="t-meubles", name_fr="Meubles", name_en="Furniture")
    epv = LabelFactory(slug="t-epv", name_fr="EPV", name_en="Living heritage")
    near = MakerFactory(
        name="Bijoux de la Lune",
        primary_category=rings,
        latitude=44.8421,
        longitude=-0.6464,  # Mérignac
        locality="Mérignac",
        labels=[epv],
        offers_online_shop=True,
    )
    far = MakerFactory(
        name="Bijoux du Bassin",
        primary_category=jewellery,
        latitude=44.6586,
        longitude=-1.1689,  # Arcachon, ~45 km away
        locality="Arcachon",
    )
    table = MakerFactory(name="Tables en chêne", primary_category=furniture)
    return {"near": near, "far": far, "table": table, "jewellery": jewellery, "rings": rings}
