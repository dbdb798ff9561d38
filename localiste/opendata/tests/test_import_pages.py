"""The staff import page: only operators enter; a file is uploaded, its columns checked, and
a dry run shows each row's outcome; bad files are refused with a clear message and leave
nothing behind, and so does an upload that fails for any other reason.

The formats that name their own columns: test_import_pages_formats.py; the real run in the
background and the upkeep of runs and uploads: test_import_pages_runs.py."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.makers.models import Maker, Source
from localiste.moderation.models import TerritoryModerator
from localiste.opendata import views_imports
from localiste.opendata.imports import service
from localiste.opendata.models import ImportRun
from localiste.opendata.tests.import_page import (
    META_REFRESH,
    columns_post,
    csv_file,
    nothing_written,
    png_file,
    start_dry_run,
    upload,
)
from localiste.places.models import Territory

pytestmark = pytest.mark.django_db


# --- who may enter ----------------------------------------------------------------------------
PAGES = ["/moderation/imports/", "/moderation/imports/nouveau/", "/moderation/imports/1/"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("url", [*PAGES, "/moderation/imports/1/importer/"])
def test_makers_and_territory_moderators_may_not_import(client, django_user_model, url):
    maker = django_user_model.objects.create_user("maker", "maker@example.org", "x")
    moderator = django_user_model.objects.create_user("mod", "mod@example.org", "x")
    territory = Territory.objects.create(name="Gironde", slug="gironde", kind="department")
    TerritoryModerator.objects.create(user=moderator, territory=territory)
    for user in (maker, moderator):
        client.force_login(user)
        method = client.post if url.endswith("importer/") else client.get
        assert method(url).status_code == 403
    client.force_login(maker)
    assert upload(client, csv_file()).status_code == 403
    assert nothing_written(service.import_upload_root())


def test_the_desk_links_the_import_page_for_operators(operator_client):
    response = operator_client.get("/moderation/")
    assert 'href="/moderation/imports/"' in response.content.decode()
    page = operator_client.get("/moderation/imports/")
    assert page.status_code == 200
    assert 'href="/moderation/imports/nouveau/"' in page.content.decode()


# --- upload, columns, dry run ------------------------------------------------------------------
def test_an_upload_shows_its_columns_guessed_then_a_dry_run_lists_every_row(
    gironde, operator_client, upload_dir, django_capture_on_commit_callbacks
):
    response = upload(operator_client, csv_file())
    assert response.status_code == 302
    assert not Source.objects.exists() and not ImportRun.objects.exists()
    page = operator_client.get(response["Location"])
    html = page.content.decode()
    assert "UTF-8" in html and ">3<" in html  # how it was read, its rows
    assert re.search(r'name="map_name".*?<option value="Nom" selected', html, re.S)
    assert re.search(r'name="map_category".*?<option value="Catégorie" selected', html, re.S)
    assert 'name="encoding"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = columns_post(operator_client, page)
    run = ImportRun.objects.get()
    assert response["Location"] == f"/moderation/imports/{run.pk}/"
    assert run.dry_run and run.status == ImportRun.Status.DONE and run.language == "fr"
    assert (run.rows_done, run.created_count, run.skipped_count) == (3, 2, 1)
    assert not Source.objects.exists() and not Maker.objects.exists()  # a dry run writes nothing
    html = operator_client.get(response["Location"]).content.decode()
    assert not META_REFRESH.search(html)
    cells = r"<tr><td>(\d+)</td><td>(\w*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>"
    rows = re.findall(cells, html)
    assert [(number, key) for number, key, *_ in rows] == [("2", "1"), ("3", "2"), ("4", "3")]
    assert "Atlantis" in rows[2][3]
    assert f'action="/moderation/imports/{run.pk}/importer/"' in html


def test_the_outcome_table_is_paginated(
    gironde, operator_client, django_capture_on_commit_callbacks
):
    rows = [f"{n};Atelier {n};Céramique;33700;Mérignac" for n in range(1, 121)]
    response = operator_client.get(upload(operator_client, csv_file(rows))["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        columns_post(operator_client, response)
    run = ImportRun.objects.get()
    url = f"/moderation/imports/{run.pk}/"
    first = operator_client.get(url).content.decode()
    assert "Page 1 sur 3" in first and "<tr><td>2</td><td>1</td>" in first
    assert "<tr><td>52</td>" not in first
    third = operator_client.get(url, {"page": 3}).content.decode()
    assert "<tr><td>121</td><td>120</td>" in third and "<tr><td>2</td>" not in third


def test_the_saved_mapping_of_a_source_is_offered(gironde, operator_client):
    source = Source.objects.create(
        name="Réseau", slug="reseau", kind="csv", mapping={"name": "Ville", "key": "id"}
    )
    response = upload(operator_client, csv_file(), source=source.pk, name="")
    html = operator_client.get(response["Location"]).content.decode()
    assert re.search(r'name="map_name".*?<option value="Ville" selected', html, re.S)


def test_a_required_field_without_a_column_is_asked_for(gironde, operator_client):
    response = operator_client.get(upload(operator_client, csv_file(), prefix="/en")["Location"])
    response = columns_post(operator_client, response, map_category="")
    assert response.status_code == 400
    assert "Choose the column that gives this field." in response.content.decode()
    assert not ImportRun.objects.exists()


# --- bad files ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("file", "file_format", "expected"),
    [
        (png_file(), "csv", "This is not a CSV file (it holds binary data: image)."),
        (
            io.BytesIO(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 200),
            "csv",
            "a spreadsheet workbook or an archive",
        ),
        (io.BytesIO(b"Bonjour ceci est une lettre\nBien a vous\n"), "csv", "no column separator"),
        (io.BytesIO(b""), "csv", "empty"),
        (
            io.BytesIO(b'{"type": "FeatureCollection", "features": [{"type": "Feature", "prop'),
            "geojson",
            "ends too early",
        ),
        (io.BytesIO(b"id;name\n1;x\n"), "geojson", "does not start with"),
        (
            io.BytesIO(b'{"type": "FeatureCollection", "features": []}'),
            "csv",
            "This is a JSON file, not a CSV file: import it as GeoJSON.",
        ),
    ],
    ids=["png", "xlsx", "letter", "empty", "truncated-geojson", "csv-as-geojson", "json-as-csv"],
)
def test_bad_files_are_refused_with_their_reason_and_leave_nothing(
    operator_client, upload_dir, file, file_format, expected
):
    file.seek(0)
    file.name = getattr(file, "name", "makers.xlsx" if file_format == "csv" else "m.geojson")
    with translation.override("en"):
        response = upload(operator_client, file, prefix="/en", file_format=file_format)
    assert response.status_code == 400
    html = response.content.decode()
    assert expected.replace("“", "&ldquo;") in html or expected in html, html
    assert 'lang="en"' in html
    assert nothing_written(upload_dir)


def test_a_latin1_file_is_read_as_detected_and_its_encoding_may_be_set(
    gironde, operator_client, upload_dir, django_capture_on_commit_callbacks
):
    response = upload(operator_client, csv_file(encoding="latin-1"), prefix="/en")
    assert response.status_code == 302
    page = operator_client.get(response["Location"])
    html = page.content.decode()
    assert "Windows-1252" in html and "The file is not UTF-8" in html
    response = columns_post(operator_client, page, action="reread", encoding="latin-1")
    assert response.status_code == 302
    html = operator_client.get(response["Location"]).content.decode()
    assert "Latin-1 (ISO-8859-1)" in html and "The file is not UTF-8" not in html
    with django_capture_on_commit_callbacks(execute=True):
        columns_post(operator_client, operator_client.get(response["Location"]), action="import")
    assert set(Maker.objects.values_list("name", flat=True)) == {
        "Poterie Bérénice",
        "Maroquinerie Noël",
    }


def test_a_wrong_encoding_given_is_refused(operator_client, upload_dir):
    response = upload(operator_client, csv_file(encoding="latin-1"), prefix="/en", encoding="utf-8")
    assert response.status_code == 400
    assert "cannot be read as UTF-8: choose its encoding." in response.content.decode()
    assert nothing_written(upload_dir)


def test_a_file_over_the_limit_is_refused(operator_client, upload_dir, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(operator_client, csv_file())  # about 150 bytes: the reading stops
    assert response.status_code == 413
    assert "100\xa0octets" in response.content.decode()  # Django's French file sizes
    assert nothing_written(upload_dir)


def test_a_200_mb_upload_is_refused_before_it_is_read(operator_client, upload_dir):
    """The request says it brings 200 MB: it is answered at once, its body never read."""
    response = operator_client.post(
        "/en/moderation/imports/nouveau/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "The file is larger than 100.0\xa0MB" in response.content.decode()
    assert nothing_written(upload_dir)


def test_a_streamed_upload_over_the_limit_stops_being_read(operator_client, upload_dir, settings):
    """An upload whose size is not announced ahead stops being stored once over the limit."""
    settings.IMPORT_MAX_BYTES = 64 * 1024
    rows = [f"{n};Atelier {n};Céramique;33700;Mérignac" for n in range(4000)]  # ~170 KB
    response = upload(operator_client, csv_file(rows), prefix="/en")
    assert response.status_code == 413
    assert "The file is larger than 64.0\xa0KB" in response.content.decode()
    assert nothing_written(upload_dir)


def test_an_unexpected_error_while_checking_an_upload_leaves_nothing(
    operator_client, upload_dir, monkeypatch
):
    """A bug is a 500, but the file it was reading is not left on the disk."""

    def broken(**arguments):
        raise RuntimeError("a bug in a reader")

    monkeypatch.setattr(views_imports, "import_upload_check", broken)
    with pytest.raises(RuntimeError, match="a bug in a reader"):
        upload(operator_client, csv_file())
    assert nothing_written(upload_dir)


def test_an_upload_cut_off_while_it_is_stored_leaves_nothing(upload_dir):
    def chunks():
        yield b"id;Nom\r\n"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        service.import_upload_store(name="makers.csv", chunks=chunks())
    assert not list(upload_dir.rglob("*"))


# --- languages ----------------------------------------------------------------------------
def test_the_pages_speak_english_under_en(
    gironde, operator_client, django_capture_on_commit_callbacks
):
    page = operator_client.get("/en/moderation/imports/")
    assert page.status_code == 200 and 'lang="en"' in page.content.decode()
    response = upload(operator_client, csv_file(), prefix="/en")
    assert response["Location"].startswith("/en/moderation/imports/nouveau/")
    with django_capture_on_commit_callbacks(execute=True):
        response = columns_post(operator_client, operator_client.get(response["Location"]))
    run = ImportRun.objects.get()
    assert response["Location"] == f"/en/moderation/imports/{run.pk}/" and run.language == "en"
    html = operator_client.get(response["Location"]).content.decode()
    assert "Dry run finished: nothing was written." in html
    assert "<td>unknown commune “99999 Atlantis”</td>" in html


def test_the_pages_speak_french_by_default(
    gironde, operator_client, django_capture_on_commit_callbacks
):
    page = operator_client.get("/moderation/imports/")
    assert 'lang="fr"' in page.content.decode()
    run = start_dry_run(operator_client, django_capture_on_commit_callbacks)
    assert run.language == "fr"
