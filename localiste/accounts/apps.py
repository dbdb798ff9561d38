import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "localiste.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from localiste.accounts.inactivity import activity_record
        from localiste.accounts.tasks import inactive_accounts_task
        from localiste.core.schedule import job_register

        user_logged_in.connect(
            lambda sender, request, user, **kwargs: activity_record(user=user),
            dispatch_uid="accounts.activity_on_login",
            weak=False,
        )
        job_register(
            name="accounts.inactive_accounts",
            every=datetime.timedelta(days=1),
            task=inactive_accounts_task,
        )
