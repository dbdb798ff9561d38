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
        from localiste.makers.signals import listing_confirmed

        user_logged_in.connect(
            lambda sender, request, user, **kwargs: activity_record(user=user),
            dispatch_uid="accounts.activity_on_login",
            weak=False,
        )
        # Confirming a listing from the yearly mail is activity of its team (the privacy
        # page says so), even without signing in.
        listing_confirmed.connect(
            lambda sender, maker, user=None, **kwargs: [
                activity_record(user=membership.user)
                for membership in maker.memberships.select_related("user")
            ],
            dispatch_uid="accounts.activity_on_listing_confirmed",
            weak=False,
        )
        job_register(
            name="accounts.inactive_accounts",
            every=datetime.timedelta(days=1),
            task=inactive_accounts_task,
        )
