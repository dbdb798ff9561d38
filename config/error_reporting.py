"""Who hears about a server error: the site's admins by mail, and Sentry when a DSN is set.

Pure functions that `config/settings.py` calls with values read from the environment:

- `admins_from_env` reads ADMINS ("Ada Lovelace <ada@example.org>, bob@example.org");
- `logging_config` gives LOGGING: the console always, and a mail to the admins for every
  error Django logs on `django.request` (a 500) when DEBUG is off and admins are set. The mail
  goes through EMAIL_BACKEND, the outbox: it is stored, and retried while the mail server is
  down, like every other mail;
- `sentry_init` starts the Sentry SDK (imported only then) without personal data.

The 500 page says "the team has been told" only when one of them is set (ERROR_REPORTING).
"""

from __future__ import annotations

import re

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

# One entry: "Name <address>", '"Lovelace, Ada" <address>' or a bare address.
_NAMED = re.compile(r'^(?:"(?P<quoted>[^"]*)"|(?P<name>[^<>"]*?))\s*<(?P<address>[^<>\s]+)>$')
# Commas separate entries, except inside a quoted name.
_SEPARATOR = re.compile(r',(?=(?:[^"]*"[^"]*")*[^"]*$)')


def _admin_from_entry(entry: str) -> tuple[str, str]:
    named = _NAMED.match(entry)
    if named:
        name = (named["quoted"] if named["quoted"] is not None else named["name"]).strip()
        address = named["address"]
    else:
        name, address = "", entry
    try:
        validate_email(address)
    except ValidationError:
        raise ImproperlyConfigured(
            f"ADMINS: {entry!r} is not an email address. Write the admins separated by commas, "
            'each as "Name <address>" or as an address, e.g. '
            '"Ada Lovelace <ada@example.org>, bob@example.org".'
        ) from None
    return (name or address, address)


def admins_from_env(value: str) -> list[tuple[str, str]]:
    """The (name, address) pairs in an ADMINS value; ImproperlyConfigured names a bad entry."""
    entries = [entry.strip() for entry in _SEPARATOR.split(value or "")]
    return [_admin_from_entry(entry) for entry in entries if entry]


def logging_config(debug: bool, admins, *, level: str = "WARNING") -> dict:
    """LOGGING: everything at `level` and above to the console; 500s mailed to the admins."""
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": level},
    }
    if admins and not debug:
        config["filters"] = {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}}
        config["handlers"]["mail_admins"] = {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            # DEBUG may be switched on later (tests, a shell): no mail then either.
            "filters": ["require_debug_false"],
        }
        config["loggers"] = {
            # Replaces Django's default handlers on "django" (DEFAULT_LOGGING), whose own
            # mail_admins would mail each 500 a second time, and every django.* error besides
            # (one per request with a bad Host header).
            "django": {"handlers": [], "level": "INFO"},
            # 500s (ERROR) are mailed; everything still reaches the console through the root.
            "django.request": {"handlers": ["mail_admins"]},
        }
    return config


def sentry_init(dsn: str, environment: str = "", release: str = "") -> bool:
    """Start sending errors to Sentry at `dsn` (nothing without one); True when started."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration()],
        # No personal data leaves the site: send_default_pii stays unset (sentry-sdk 2.75
        # deprecates passing it; unset means False: no IP address, user or cookies), and
        # neither request bodies (contact messages) nor the local variables of the frames.
        max_request_body_size="never",
        include_local_variables=False,
    )
    return True
