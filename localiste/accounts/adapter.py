"""How django-allauth speaks for the site: its name and address in every email, its limits."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from localiste.accounts import limits


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, with the operator's name (SITE_NAME) given to the email templates,
    links built on SITE_URL, and failed logins counted atomically across processes.

    Without the sites framework allauth would greet people with the server's host name, and
    build the links of its mails from the request's Host header.
    """

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {"site_name": settings.SITE_NAME, **context}
        if template_prefix == "account/email/unknown_account":
            context["signup_url"] = self.build_absolute_uri(reverse("account_signup"))
        super().send_mail(template_prefix, email, context)

    # --- links in mails: the site's address, never the Host a client sent -----------------

    def build_absolute_uri(self, location: str, request=None) -> str:
        """`location` (a path) on SITE_URL when it is set, else on the request's host."""
        site_url = getattr(settings, "SITE_URL", "")
        if site_url:
            origin = urlsplit(site_url)
            return f"{origin.scheme}://{origin.netloc}{location}"
        return (request or self.request).build_absolute_uri(location)

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return self.build_absolute_uri(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        path = reverse("account_confirm_email", args=[emailconfirmation.key])
        return self.build_absolute_uri(path, request)

    def send_account_already_exists_mail(self, email: str) -> None:
        context = {
            "signup_url": self.build_absolute_uri(reverse("account_signup")),
            "password_reset_url": self.build_absolute_uri(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    # --- failed logins: allauth's rates, counted in the database (or Redis) -----------------

    def pre_authenticate(self, request, **credentials) -> None:
        """Count the attempt before the password is checked; refuse once the limit is reached.

        Counting first means parallel guesses cannot all be checked before any is counted.
        The key is what was typed, not the Host header (allauth adds the host name, which a
        client could vary to get fresh counters).
        """
        self._login_failed_limit = limits.allauth_limit_consume(
            request, action="login_failed", key=limits.login_key(credentials)
        )
        if not self._login_failed_limit.allowed:
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self) -> None:
        # allauth calls this when the password was right: that attempt was no failure.
        limits.allauth_limit_refund(getattr(self, "_login_failed_limit", None))

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # allauth calls this after a successful password reset of that address.
        limits.allauth_limit_clear(
            request, action="login_failed", key=limits.login_key(credentials)
        )
