"""A real SMTP server on 127.0.0.1 (aiosmtpd) that the outbox delivers to, and can be stopped."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """An aiosmtpd handler keeping every message it receives, refusing the addresses in
    `refused` for good (550) as a mail server does for a mailbox that does not exist."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.lower() in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None


@pytest.fixture
def smtp(settings):
    """The site's outbox delivering to a real SMTP server, running (`smtp.stop()` to stop it)."""
    server = SmtpServer(free_port())
    settings.EMAIL_BACKEND = "localiste.mail.backend.OutboxEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    server.start()
    yield server
    if server.controller is not None:
        server.stop()
