"""The staff import page in Chromium: an operator uploads a CSV file, checks its columns,
tries a dry run and reads each row's outcome, imports it for real and watches the run's
page refresh itself until it is done, with JavaScript off (the page needs none). The pages
are checked by axe-core in a second browser page, with JavaScript on."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import serious_violations
from e2e.offline import VIEWPORTS
from e2e.test_maker_journey import territory  # noqa: F401 (a fixture)
from e2e.test_moderation import operator_page

pytestmark = pytest.mark.django_db(transaction=True)
CSV = (
    "id;Nom;Catégorie;Code postal;Ville\r\n"
    "1;Poterie Bérénice;Céramique;33700;Mérignac\r\n"
    "2;Maroquinerie Noël;maroquinerie;33000;Bordeaux\r\n"
    "3;Atelier sans nom;Céramique;99999;Atlantis\r\n"
).encode()


def upload(page, name: str) -> None:
    page.goto(page.base_url + "/moderation/")
    page.locator(".desk-nav a[href='/moderation/imports/']").click()
    expect(page).to_have_url(re.compile(r"/moderation/imports/$"))
    page.locator("a[href='/moderation/imports/nouveau/']").click()
    page.locator("#id_file").set_input_files(
        files=[{"name": "makers.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    page.locator("#id_name").fill(name)
    page.locator("form.space-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/moderation/imports/nouveau/[\w-]+/$"))


@pytest.mark.parametrize("viewport", [("desktop", VIEWPORTS["desktop"])], ids=["desktop"])
@pytest.mark.usefixtures("territory")
def test_an_operator_imports_a_csv_file_without_javascript(
    browser, live_server, settings, axe, viewport, tmp_path
):
    from localiste.makers.models import Maker, Source
    from localiste.opendata.models import ImportRun
    from localiste.opendata.tasks import import_run_task

    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    page = operator_page(
        browser, live_server.url, "claire@example.org", "Claire Martin", javascript=False
    )

    upload(page, "Chambre des métiers")
    expect(page.locator("#id_map_name")).to_have_value("Nom")
    page.locator("button[value=dry_run]").click()
    expect(page).to_have_url(re.compile(r"/moderation/imports/\d+/$"))
    expect(page.locator("#import-status")).to_have_text(re.compile("done|terminé", re.I))
    table = page.locator("#import-outcomes ~ table, section[aria-labelledby=import-outcomes] table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").nth(2)).to_contain_text("Atlantis")
    assert not Source.objects.exists() and not Maker.objects.exists()

    # The real run waits for the worker: the page says so and refreshes itself.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page.locator("form[action$='/importer/'] button").click()
    real = ImportRun.objects.get(dry_run=False)
    expect(page).to_have_url(re.compile(rf"/moderation/imports/{real.pk}/$"))
    assert page.locator("meta[http-equiv=refresh]").count() == 1
    import_run_task.call(real.pk)  # what the worker does
    expect(page.locator("#import-rows")).to_contain_text("3", timeout=10_000)
    expect(page.locator("#import-status")).to_have_text(
        re.compile("done|terminé", re.I), timeout=10_000
    )
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert Maker.objects.filter(source__name="Chambre des métiers").count() == 2

    # The same pages, checked by axe-core (which needs JavaScript).
    checker = operator_page(browser, live_server.url, "marc@example.org", "Marc Petit")
    for path in (
        "/moderation/imports/",
        "/moderation/imports/nouveau/",
        f"/moderation/imports/{real.pk}/",
        f"/moderation/imports/{real.pk - 1}/",
    ):
        checker.goto(checker.base_url + path)
        assert serious_violations(axe, checker) == [], path
    upload(checker, "Réseau des ateliers")
    assert serious_violations(axe, checker) == [], checker.url
    checker.context.close()
    page.context.close()
