"""Server errors reach the team: admins by mail through the outbox, Sentry when a DSN is set,
and the 500 page says the team was told only when someone was."""

import datetime
import gzip
import json
import logging.config
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import path
from django.utils import timezone, translation
from django.utils.log import configure_logging

from config.error_reporting import admins_from_env, logging_config, sentry_init
from localiste.core.views import server_error
from localiste.mail.models import OutgoingMail
from localiste.mail.outbox import outbox_deliver_due, retry_delay
from localiste.mail.tests.conftest import SmtpServer, free_port

ADMINS = [("Ada Lovelace", "ada@example.org")]


def boom(request):
    raise ZeroDivisionError("the view broke")


urlpatterns = [path("boom/", boom)]
handler500 = "localiste.core.views.server_error"


# --- ADMINS -------------------------------------------------------------------------------


def test_admins_are_read_with_or_without_a_name():
    value = 'Ada Lovelace <ada@example.org>, bob@example.org, "Hopper, Grace" <grace@example.org>'
    assert admins_from_env(value) == [
        ("Ada Lovelace", "ada@example.org"),
        ("bob@example.org", "bob@example.org"),
        ("Hopper, Grace", "grace@example.org"),
    ]
    assert admins_from_env("") == []
    assert admins_from_env(" , ") == []


@pytest.mark.parametrize("value", ["Ada ada@example.org", "ada", "Ada <ada@example.org", "<>"])
def test_a_bad_admin_entry_is_named_in_the_error(value):
    with pytest.raises(ImproperlyConfigured, match="ADMINS: .* is not an email address"):
        admins_from_env(f"bob@example.org, {value}")


def test_no_mail_handler_in_debug_or_without_admins():
    assert "mail_admins" not in logging_config(True, ADMINS)["handlers"]
    assert "mail_admins" not in logging_config(False, [])["handlers"]
    assert logging_config(False, [], level="INFO")["root"] == {
        "handlers": ["console"],
        "level": "INFO",
    }


# --- mail to the admins -------------------------------------------------------------------


@pytest.fixture
def admin_mail_logging(settings):
    """The logging of a production site with admins, restored afterwards."""
    settings.ADMINS = ADMINS
    settings.EMAIL_BACKEND = "localiste.mail.backend.OutboxEmailBackend"
    logging.config.dictConfig(logging_config(False, ADMINS))
    yield
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_500_is_mailed_to_the_admins_and_waits_while_the_mail_server_is_down(
    client, settings, admin_mail_logging
):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500

    mail = OutgoingMail.objects.get()
    assert mail.to == ["ada@example.org"]
    assert "/boom/" in mail.subject
    assert "ZeroDivisionError" in mail.body and "the view broke" in mail.body

    # The mail server is down: the report waits in the outbox, then arrives.
    server = SmtpServer(free_port())
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    assert outbox_deliver_due().sent == 0
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.RETRYING

    server.start()
    try:
        later = timezone.now() + retry_delay(1) + datetime.timedelta(seconds=1)
        assert outbox_deliver_due(now=later).sent == 1
    finally:
        server.stop()
    [received] = server.inbox.messages
    assert received["To"] == "ada@example.org"
    assert "ZeroDivisionError" in received.get_content()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_no_mail_to_the_admins_when_debug_is_on(client, settings, admin_mail_logging):
    settings.DEBUG = True
    client.raise_request_exception = False
    assert client.get("/boom/").status_code == 500
    assert not OutgoingMail.objects.exists()


# --- Sentry -------------------------------------------------------------------------------


class SentryStub(BaseHTTPRequestHandler):
    """Sentry's envelope endpoint on 127.0.0.1, keeping what the SDK posts."""

    received: list[tuple[str, str]]

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.server.received.append((self.path, body.decode()))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture
def sentry():
    """A Sentry server on 127.0.0.1 and the SDK started towards it, stopped afterwards."""
    import sentry_sdk

    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryStub)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    assert sentry_init(f"http://publickey@127.0.0.1:{port}/42", "test", "localiste@1.2.3")
    yield server
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)
    server.shutdown()
    server.server_close()


def envelope_events(server) -> list[dict]:
    events = []
    for request_path, body in server.received:
        assert request_path == "/api/42/envelope/"
        lines = body.splitlines()
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                events.append(json.loads(payload))
    return events


def test_sentry_is_not_started_without_a_dsn():
    assert sentry_init("", "production", "") is False


def test_a_captured_exception_reaches_sentry(sentry):
    import sentry_sdk

    try:
        raise KeyError("missing-ingredient")
    except KeyError as error:
        sentry_sdk.capture_exception(error)
    sentry_sdk.flush(timeout=5)
    [event] = envelope_events(sentry)
    assert event["environment"] == "test" and event["release"] == "localiste@1.2.3"
    [exception] = event["exception"]["values"]
    assert exception["type"] == "KeyError" and "missing-ingredient" in exception["value"]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_500_reaches_sentry_without_personal_data(client, sentry):
    import sentry_sdk

    client.raise_request_exception = False
    client.cookies["sessionid"] = "secret-session-value"
    client.cookies["recent_place"] = "Saint-Macaire"
    response = client.get("/boom/?q=x", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    [event] = envelope_events(sentry)
    assert event["exception"]["values"][-1]["type"] == "ZeroDivisionError"
    raw = json.dumps(event)
    assert "secret-session-value" not in raw and "Saint-Macaire" not in raw
    assert "203.0.113.9" not in raw
    assert "the view broke" in raw and '"vars"' not in raw


# --- the 500 page -------------------------------------------------------------------------


@pytest.mark.parametrize("reporting", [True, False])
def test_the_500_page_says_the_team_was_told_only_when_it_was(rf, settings, reporting):
    settings.ERROR_REPORTING = reporting
    settings.SITE_CONTACT_EMAIL = "aide@example.org"
    with translation.override("en"):
        html = server_error(rf.get("/en/")).content.decode()
    assert ("The team has been told" in html) is reporting
    assert ('href="mailto:aide@example.org"' in html) is not reporting
    assert "Please try again in a few minutes." in html
