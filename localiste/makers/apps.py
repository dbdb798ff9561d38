import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MakersConfig(AppConfig):
    name = "localiste.makers"
    label = "makers"
    verbose_name = _("Makers")

    def ready(self) -> None:
        import localiste.makers.audit  # noqa: F401 (keeps secrets out of every log entry)
        from localiste.core.schedule import job_register
        from localiste.makers import receivers  # noqa: F401 (connects the signal receivers)
        from localiste.makers.selectors import documents
        from localiste.makers.tasks import freshness_mails_task
        from localiste.search.registry import register_source

        register_source(
            documents.SOURCE, documents.maker_documents_count, documents.maker_documents_iter
        )
        # Freshness requests and reminders: looked for daily, each listing mailed once a period.
        job_register(
            name="makers.freshness_mails",
            every=datetime.timedelta(days=1),
            task=freshness_mails_task,
        )
