"""Django's EMAIL_BACKEND for the site: sending a mail means storing it in the outbox.

Every `send_mail`, `EmailMessage.send()` and django-allauth mail comes through here, so no
request ever waits for, or fails because of, the mail server: the task worker delivers the
stored mail through `MAIL_DELIVERY_BACKEND` (see `outbox`).
"""

from django.core.mail.backends.base import BaseEmailBackend

from localiste.mail.outbox import outbox_store


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        stored = 0
        for message in email_messages:
            if message.recipients():
                outbox_store(message)
                stored += 1
        return stored
