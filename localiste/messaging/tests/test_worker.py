"""With the database task backend (production), the worker command delivers the outbox."""

import pytest
from django.core import mail
from django.core.management import call_command

from localiste.messaging.models import OutgoingMail
from localiste.messaging.outbox import outbox_enqueue

pytestmark = pytest.mark.django_db


# The worker closes its database connection when done, as in production: a real transaction.
@pytest.mark.django_db(transaction=True)
def test_the_db_worker_delivers_what_the_site_queued(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(to=["someone@example.net"], subject="Bonjour", body="Un message")
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert [message.subject for message in mail.outbox] == ["Bonjour"]
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT


def test_the_outbox_command_sends_leftovers(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    outbox_enqueue(to=["someone@example.net"], subject="Reste", body="Un message")
    call_command("outbox_deliver", verbosity=0)
    assert [message.subject for message in mail.outbox] == ["Reste"]
