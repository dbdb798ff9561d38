"""Monitoring sees the outbox: counts, the oldest mail waiting, and a failing exit when stuck."""

import datetime
import io
import json

import pytest
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone

from localiste.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.EMAIL_BACKEND = "localiste.mail.backend.OutboxEmailBackend"


def status(*args: str) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("outbox_status", "--json", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return exit_.code, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def test_a_healthy_outbox_exits_zero():
    send_mail("Tout juste", "Bonjour", None, ["a@example.org"])
    code, report = status()
    assert code == 0
    assert report["waiting"] == 1 and report["counts"] == {"pending": 1}
    assert report["oldest_waiting_seconds"] < 60 and not report["stuck"]


def test_mail_waiting_too_long_or_given_up_is_reported_stuck():
    send_mail("Ancien", "Bonjour", None, ["a@example.org"])
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    OutgoingMail.objects.update(created_at=an_hour_ago)
    code, report = status("--stuck-after", "30")
    assert code == 2 and report["stuck"]
    assert 3500 < report["oldest_waiting_seconds"] < 3700
    assert status("--stuck-after", "90")[0] == 0

    OutgoingMail.objects.update(status=OutgoingMail.Status.DEAD, created_at=timezone.now())
    code, report = status()
    assert code == 2 and report["counts"] == {"dead": 1} and report["waiting"] == 0
