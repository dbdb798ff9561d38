"""When the open data files are rewritten: after a change, at most once an hour; and on demand."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from localiste.core.schedule import jobs_registered
from localiste.makers.services import maker_hours_set, maker_withdraw
from localiste.makers.tests.factories import MakerFactory
from localiste.opendata.exports import opendata_export_if_due
from localiste.opendata.exports.files import export_lock
from localiste.opendata.exports.manifest import manifest_read
from localiste.opendata.tasks import opendata_export_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    return settings.OPENDATA_DIR


@pytest.fixture
def clock(monkeypatch):
    """The site's clock, moved by hand: `clock.travel(minutes=…)`."""

    class Clock:
        now = timezone.now().replace(microsecond=0)

        def travel(self, **delta) -> None:
            self.now += datetime.timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def exported_at(directory) -> datetime.datetime:
    return datetime.datetime.fromisoformat(manifest_read(directory)["generated_at"])


def test_rewritten_only_after_a_change_and_at_most_once_an_hour(clock, export_dir):
    maker = MakerFactory(name="Atelier Un")
    first = opendata_export_if_due()  # no export yet: at once
    assert first.manifest["datasets"][0]["rows"] == 1

    clock.travel(minutes=90)
    assert opendata_export_if_due().skipped == "unchanged"

    MakerFactory(name="Atelier Deux")
    clock.travel(minutes=1)
    assert opendata_export_if_due().manifest["datasets"][0]["rows"] == 2
    written = exported_at(export_dir)

    # A change 10 minutes later waits for the hour to be up…
    clock.travel(minutes=10)
    # New hours move the maker's version, not its timestamp.
    maker_hours_set(maker=maker, version=maker.version, periods=[(1, "09:00", "12:00")])
    clock.travel(minutes=40)
    assert opendata_export_if_due().skipped == "recent"
    assert exported_at(export_dir) == written
    # …and is written once it is.
    clock.travel(minutes=11)
    assert opendata_export_if_due().manifest is not None
    assert exported_at(export_dir) == written + datetime.timedelta(minutes=61)

    clock.travel(minutes=61)
    maker_withdraw(maker=maker)
    assert opendata_export_if_due().manifest["datasets"][0]["rows"] == 1


def test_the_periodic_job_runs_the_export_every_quarter_of_an_hour(clock, export_dir):
    (job,) = [job for job in jobs_registered() if job.name == "opendata.export"]
    assert job.every == datetime.timedelta(minutes=15)
    MakerFactory()

    job.task.enqueue()  # tests run tasks at once
    assert manifest_read(export_dir)["datasets"][0]["rows"] == 1
    clock.travel(minutes=15)
    assert opendata_export_task.enqueue().return_value == {"skipped": "recent"}


def test_an_export_already_running_is_left_alone(export_dir):
    export_dir.mkdir(parents=True)
    with export_lock(export_dir):
        assert opendata_export_if_due().skipped == "busy"
    assert manifest_read(export_dir) is None


def test_the_command_writes_now_and_says_what_it_wrote(export_dir):
    MakerFactory(name="Atelier Un")
    out = StringIO()
    call_command("export_opendata", stdout=out, stderr=StringIO())
    first = exported_at(export_dir)
    report = out.getvalue()
    assert "fabricants (1 maker, Licence Ouverte 2.0 (Etalab))" in report
    assert "fabricants.csv:" in report and "fabricants.jsonld:" in report

    # Unchanged or not, the command writes again; with --if-due, it does not.
    call_command("export_opendata", stdout=StringIO(), stderr=StringIO())
    assert manifest_read(export_dir)["generated_at"] >= first.isoformat()
    out = StringIO()
    call_command("export_opendata", "--if-due", stdout=out, stderr=StringIO())
    assert out.getvalue().strip() == "Nothing written (recent)."


def test_a_damaged_manifest_is_written_again(client, export_dir):
    export_dir.mkdir(parents=True)
    (export_dir / "manifest.json").write_text('{"version": 1, "generated_at": "yesterday"')
    assert client.get("/donnees/").status_code == 200  # "the files are being prepared"

    MakerFactory()
    assert opendata_export_if_due().manifest["datasets"][0]["rows"] == 1
    assert manifest_read(export_dir) is not None
