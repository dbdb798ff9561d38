import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "localiste.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from localiste.core.schedule import job_register
        from localiste.messaging import receivers  # noqa: F401 (connects the receivers)
        from localiste.messaging.tasks import contact_messages_purge_task

        job_register(
            name="messaging.messages_purge",
            every=datetime.timedelta(days=1),
            task=contact_messages_purge_task,
        )
