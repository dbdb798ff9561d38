"""How django-allauth speaks for the site: its name in every email."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, with the operator's name (SITE_NAME) given to the email templates.

    Without the sites framework allauth would greet people with the server's host name.
    """

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {"site_name": settings.SITE_NAME, **context}
        super().send_mail(template_prefix, email, context)
