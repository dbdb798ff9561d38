from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FavouritesConfig(AppConfig):
    name = "localiste.favourites"
    label = "favourites"
    verbose_name = _("Favourites")

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from localiste.favourites.receivers import favourites_move_to_account

        user_logged_in.connect(
            favourites_move_to_account, dispatch_uid="favourites.move_to_account"
        )
