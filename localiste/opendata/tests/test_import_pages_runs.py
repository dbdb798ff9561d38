"""The staff import page's real runs: started after a dry run (once, however often the
button is pressed), done in the background by the task worker (once, however often the task
is delivered), followed by a page that refreshes itself; and their upkeep: runs whose worker
was stopped marked failed, old uploads deleted, the upload folder never a served one."""

import datetime
import os
import time

import pytest
from django.core.checks import Tags, run_checks
from django.utils import timezone

from localiste.core.schedule import jobs_registered
from localiste.makers.models import Maker, Source
from localiste.opendata import tasks
from localiste.opendata.imports import formats, runs, service
from localiste.opendata.models import ImportRun
from localiste.opendata.tasks import import_run_task
from localiste.opendata.tests.import_page import (
    DATABASE_TASKS,
    META_REFRESH,
    columns_post,
    csv_file,
    queue_real_run,
    start_dry_run,
    upload,
)

pytestmark = pytest.mark.django_db


# --- the real run, in the background -----------------------------------------------------------
def test_import_for_real_after_the_dry_run_creates_the_source_and_its_listings(
    gironde, operator_client, upload_dir, django_capture_on_commit_callbacks
):
    dry_run = start_dry_run(operator_client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(f"/moderation/imports/{dry_run.pk}/importer/")
    real = ImportRun.objects.get(dry_run=False)
    assert response["Location"] == f"/moderation/imports/{real.pk}/"
    source = Source.objects.get()
    assert (source.name, source.publish, source.licence) == (
        "Chambre des métiers",
        False,
        "Licence Ouverte 2.0",
    )
    assert real.status == ImportRun.Status.DONE and real.source == source
    assert (real.created_count, real.skipped_count) == (2, 1)
    assert set(Maker.objects.values_list("status", flat=True)) == {Maker.Status.PENDING}
    assert source.mapping["name"] == "Nom"  # saved for the next file
    assert not (upload_dir / real.upload).exists()  # the file is deleted after the real run
    html = operator_client.get(response["Location"]).content.decode()
    assert not META_REFRESH.search(html)
    assert '<progress max="100" value="100"' in html and "Atlantis" in html


def test_a_published_source_publishes_its_listings(
    gironde, operator_client, django_capture_on_commit_callbacks
):
    response = operator_client.get(
        upload(operator_client, csv_file(), publish="published")["Location"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        columns_post(operator_client, response, action="import")
    assert Source.objects.get().publish
    assert set(Maker.objects.values_list("status", flat=True)) == {Maker.Status.PUBLISHED}


def test_the_run_page_refreshes_itself_while_the_task_waits_and_runs(
    gironde, operator_client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = operator_client.get(upload(operator_client, csv_file(), prefix="/en")["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        columns_post(operator_client, response, action="import")
    run = ImportRun.objects.get()
    url = f"/en/moderation/imports/{run.pk}/"
    assert run.status == ImportRun.Status.QUEUED
    html = operator_client.get(url).content.decode()
    assert META_REFRESH.search(html) and "Waiting for the task worker." in html
    ImportRun.objects.filter(pk=run.pk).update(status="running", rows_total=3, rows_done=1)
    html = operator_client.get(url).content.decode()
    assert META_REFRESH.search(html) and "1 of 3 rows done" in html
    assert '<progress max="100" value="33"' in html
    ImportRun.objects.filter(pk=run.pk).update(status="queued", rows_total=None, rows_done=0)
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [run.pk]
    import_run_task.call(run.pk)  # what the worker does
    html = operator_client.get(url).content.decode()
    assert not META_REFRESH.search(html)
    assert "3 of 3 rows done" in html and "Import finished." in html
    assert Maker.objects.count() == 2


def test_a_run_whose_file_is_gone_fails_with_why(
    gironde, operator_client, settings, upload_dir, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = operator_client.get(upload(operator_client, csv_file(), prefix="/en")["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        columns_post(operator_client, response, action="import")
    run = ImportRun.objects.get()
    service.import_upload_delete(run.upload)
    assert import_run_task.call(run.pk)["status"] == "failed"
    html = operator_client.get(f"/en/moderation/imports/{run.pk}/").content.decode()
    assert not META_REFRESH.search(html)
    assert "The uploaded file is no longer kept: upload it again." in html
    assert not Maker.objects.exists()


def test_a_run_delivered_twice_runs_once(
    gironde, operator_client, django_capture_on_commit_callbacks
):
    run = start_dry_run(operator_client, django_capture_on_commit_callbacks)
    assert import_run_task.call(run.pk)["status"] == "done"
    run.refresh_from_db()
    assert run.rows_done == 3


def test_old_uploads_are_pruned_at_the_next_upload(gironde, operator_client, upload_dir, settings):
    settings.IMPORT_UPLOAD_KEEP_DAYS = 2
    operator_client.post(upload(operator_client, csv_file())["Location"], {})  # left half-way
    (old,) = list(upload_dir.iterdir())
    past = time.time() - 3 * 86400
    os.utime(old, (past, past))
    upload(operator_client, csv_file())
    assert old not in list(upload_dir.iterdir()) and len(list(upload_dir.iterdir())) == 1


# --- once only ------------------------------------------------------------------------------
def test_import_for_real_pressed_twice_starts_one_real_run(
    gironde, operator_client, django_capture_on_commit_callbacks
):
    source = Source.objects.create(name="Réseau", slug="reseau", kind="csv")
    dry_run = start_dry_run(
        operator_client, django_capture_on_commit_callbacks, prefix="/en", source=source.pk
    )
    url = f"/en/moderation/imports/{dry_run.pk}/importer/"
    with django_capture_on_commit_callbacks(execute=True):
        first = operator_client.post(url)
        second = operator_client.post(url)
    real = ImportRun.objects.get(dry_run=False)  # one only
    assert first["Location"] == second["Location"] == f"/en/moderation/imports/{real.pk}/"
    assert Maker.objects.count() == 2
    dry_run.refresh_from_db()
    assert dry_run.confirmed_run == real
    html = operator_client.get(second["Location"]).content.decode()
    assert "This dry run was imported for real already: here is that import." in html
    # The dry run's page no longer offers it, and links to the import it started.
    html = operator_client.get(f"/en/moderation/imports/{dry_run.pk}/").content.decode()
    assert f'action="{url}"' not in html
    assert f'href="/en/moderation/imports/{real.pk}/">see that import</a>' in html


def test_the_service_refuses_to_confirm_a_dry_run_twice(
    gironde, operator_client, django_capture_on_commit_callbacks
):
    dry_run = start_dry_run(operator_client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks() as callbacks:
        service.import_run_confirm(run=dry_run, started_by=None)
    assert len(callbacks) == 1  # the real run, queued once the transaction commits
    with pytest.raises(service.RunAlreadyConfirmed) as already:
        service.import_run_confirm(run=dry_run, started_by=None)
    assert already.value.real_run == ImportRun.objects.get(dry_run=False)


def test_two_deliveries_of_the_task_at_the_same_moment_run_it_once(
    gironde, operator_client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The second delivery comes while the first is opening the file, before its run has
    started: it finds the run taken and leaves it alone."""
    settings.TASKS = DATABASE_TASKS
    run = queue_real_run(operator_client, django_capture_on_commit_callbacks)
    opened, started = [], []
    open_file, start = formats.CsvFormat.open, runs._Runner.start

    def open_and_be_delivered_again(self, path, options):
        opened.append(path)
        if len(opened) == 1:
            assert import_run_task.call(run.pk)["status"] == "running"
        return open_file(self, path, options)

    def counted_start(runner):
        started.append(runner.run.pk)
        start(runner)

    monkeypatch.setattr(formats.CsvFormat, "open", open_and_be_delivered_again)
    monkeypatch.setattr(runs._Runner, "start", counted_start)
    assert import_run_task.call(run.pk)["status"] == "done"
    assert started == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.created_count) == (ImportRun.Status.DONE, 2), run.error
    assert run.progress_at is not None and run.progress_at >= run.created_at


# --- upkeep ---------------------------------------------------------------------------------
def test_the_upkeep_job_runs_every_hour():
    (job,) = [job for job in jobs_registered() if job.name == "opendata.imports_upkeep"]
    assert job.every == datetime.timedelta(hours=1)
    assert job.task == tasks.import_upkeep_task


def test_a_run_whose_worker_was_stopped_is_marked_failed_and_its_page_stops_refreshing(
    gironde, operator_client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    settings.IMPORT_STALE_MINUTES = 30
    run = queue_real_run(operator_client, django_capture_on_commit_callbacks)
    url = f"/en/moderation/imports/{run.pk}/"
    # The worker took it, saved some progress 31 minutes ago, and was killed.
    silent = timezone.now() - datetime.timedelta(minutes=31)
    ImportRun.objects.filter(pk=run.pk).update(
        status="running", started_at=silent, progress_at=silent, rows_total=3, rows_done=1
    )
    assert META_REFRESH.search(operator_client.get(url).content.decode())
    assert tasks.import_upkeep_task.call() == {"uploads_pruned": 0, "runs_failed": 1}
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and run.finished_at is not None
    html = operator_client.get(url).content.decode()
    assert not META_REFRESH.search(html)
    assert (
        "The import saved no progress for 30 minutes: its task worker was stopped, or never "
        "took it. Start the import again." in html
    )
    # A worker delivered it late leaves it as it is.
    assert import_run_task.call(run.pk)["status"] == "failed"
    assert not Maker.objects.exists()


def test_only_runs_silent_for_the_stale_minutes_are_failed(
    gironde, operator_client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    settings.IMPORT_STALE_MINUTES = 30
    run = queue_real_run(operator_client, django_capture_on_commit_callbacks)
    now = timezone.now()
    assert service.import_runs_stale_fail(now=now + datetime.timedelta(minutes=29)) == 0
    # Running, with progress saved a minute ago.
    ImportRun.objects.filter(pk=run.pk).update(
        status="running", started_at=now, progress_at=now + datetime.timedelta(minutes=30)
    )
    assert service.import_runs_stale_fail(now=now + datetime.timedelta(minutes=31)) == 0
    # Queued 31 minutes ago, and no worker took it.
    ImportRun.objects.filter(pk=run.pk).update(status="queued", started_at=None, progress_at=None)
    assert service.import_runs_stale_fail(now=now + datetime.timedelta(minutes=31)) == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("The import saved no progress for 30 minutes:")
    # Done runs are never touched.
    assert service.import_runs_stale_fail(now=now + datetime.timedelta(days=1)) == 0


def test_old_uploads_are_pruned_every_hour(operator_client, upload_dir, settings):
    settings.IMPORT_UPLOAD_KEEP_DAYS = 2
    operator_client.post(upload(operator_client, csv_file())["Location"], {})  # left half-way
    (old,) = list(upload_dir.iterdir())
    past = time.time() - 3 * 86400
    os.utime(old, (past, past))
    assert tasks.import_upkeep_task.call() == {"uploads_pruned": 1, "runs_failed": 0}
    assert not list(upload_dir.iterdir())


@pytest.mark.parametrize("served", ["MEDIA_ROOT", "STATIC_ROOT", "OPENDATA_DIR"])
def test_the_upload_folder_may_not_be_a_served_one(settings, tmp_path, served):
    def errors() -> list[str]:
        return [
            message.id
            for message in run_checks(tags=[Tags.security])
            if message.id.startswith("localiste.opendata")
        ]

    setattr(settings, served, tmp_path / "served")
    settings.IMPORT_UPLOAD_DIR = tmp_path / "served" / "imports"
    assert errors() == ["localiste.opendata.E001"]
    settings.IMPORT_UPLOAD_DIR = tmp_path / "served"
    assert errors() == ["localiste.opendata.E001"]
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    assert errors() == []
