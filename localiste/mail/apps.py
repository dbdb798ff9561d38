import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "localiste.mail"
    label = "mail"
    verbose_name = _("Mail")

    def ready(self) -> None:
        from localiste.core.schedule import job_register
        from localiste.mail.tasks import outbox_deliver

        # Deliveries are queued as mail is stored; this also catches any queueing that failed.
        job_register(
            name="mail.outbox_deliver", every=datetime.timedelta(minutes=1), task=outbox_deliver
        )
