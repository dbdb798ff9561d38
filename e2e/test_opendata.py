"""A partner opens the open data page, in French and in English, and downloads the CSV."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from localiste.makers.tests.factories import MakerFactory
from localiste.opendata.exports import opendata_export

pytestmark = pytest.mark.django_db(transaction=True)
FILES = ("fabricants.csv", "fabricants.geojson", "fabricants.jsonld")


@pytest.fixture
def exported(settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    MakerFactory(name="Atelier Ouvert")
    opendata_export()


def test_the_open_data_page_is_accessible_and_its_files_download(page, axe, exported):
    for prefix, language in (("", "fr"), ("/en", "en")):
        page.goto(f"{page.base_url}{prefix}/donnees/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        for name in FILES:
            link = page.get_by_role("link", name=name, exact=True)
            expect(link).to_have_attribute("href", f"/donnees/fichiers/{name}")
        assert serious_violations(axe, page) == [], page.url

    with page.expect_download() as download:
        page.get_by_role("link", name="fabricants.csv", exact=True).click()
    with open(download.value.path(), encoding="utf-8") as handle:
        assert handle.readline().startswith("slug,name,url,")
    assert page.js_errors == []
