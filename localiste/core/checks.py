"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs) -> list[Warning]:
    """Mail sent by the worker (account warnings, alerts) has no request to take links from."""
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: mail sent outside a request (inactivity warnings, alerts) "
            "cannot carry links, and unsubscribe links are left out.",
            hint="Set SITE_URL to the site's public address, e.g. https://makers.example.org.",
            id="localiste.W001",
        )
    ]


# What the shipped legal notice must name (LCEN, article 6).
LEGAL_NOTICE_SETTINGS = ("SITE_OPERATOR_ADDRESS", "SITE_HOST_NAME", "SITE_HOST_ADDRESS")


@register(deploy=True)
def legal_notice_is_complete(app_configs, **kwargs) -> list[Warning]:
    """The legal notice shipped with Localiste names the publisher's address and the host
    from the settings: left empty, a French site publishes an incomplete notice."""
    missing = [name for name in LEGAL_NOTICE_SETTINGS if not getattr(settings, name).strip()]
    contact = settings.SITE_CONTACT_EMAIL.strip()
    if not contact or contact == settings.PLACEHOLDER_CONTACT_EMAIL:
        missing.append("SITE_CONTACT_EMAIL")
    if not missing:
        return []
    return [
        Warning(
            f"The legal notice and privacy pages lack {', '.join(missing)}: the shipped texts "
            "leave those lines out or point to a placeholder address.",
            hint="Set them (docs/deployment.md, Site identity and legal pages): the shipped "
            "about, legal notice and privacy pages are filled from them, and the contact "
            "address is also where visitors and mail replies are sent.",
            id="localiste.W003",
        )
    ]


@register()
def languages_are_supported(app_configs, **kwargs) -> list:
    """The site's languages are set by env vars: each needs a Snowball stemmer for search."""
    from localiste.core.text import STEMMERS, has_stemmer

    codes = [code for code, _name in settings.LANGUAGES]
    errors = []
    if settings.LANGUAGE_CODE not in codes:
        errors.append(
            Error(
                f"LANGUAGE_CODE {settings.LANGUAGE_CODE!r} is not one of LANGUAGES {codes}.",
                hint="Add it to the LANGUAGES environment variable (comma-separated codes).",
                id="localiste.E001",
            )
        )
    for code in codes:
        if not has_stemmer(code):
            errors.append(
                Error(
                    f"The language {code!r} has no Snowball stemmer: search cannot index it.",
                    hint="Set LANGUAGE_CODE and LANGUAGES to codes among "
                    f"{', '.join(sorted(STEMMERS))} (docs/languages.md).",
                    id="localiste.E002",
                )
            )
        elif not _has_catalogue(code):
            errors.append(
                Warning(
                    f"The language {code!r} has no translation of the site: pages will show "
                    "their English source strings.",
                    id="localiste.W002",
                )
            )
    return errors


def _has_catalogue(code: str) -> bool:
    """Whether the project translates the site into `code` (or its base language): a
    catalogue in LOCALE_PATHS. Django's own catalogues translate only its admin and forms,
    so `check_for_language` would be true for nl or de. English is the source language."""
    from django.utils.translation import to_locale

    from localiste.core.text import language_base

    base = language_base(code)
    if base == "en":
        return True
    return any(
        (Path(folder) / to_locale(name) / "LC_MESSAGES" / "django.mo").exists()
        for folder in settings.LOCALE_PATHS
        for name in dict.fromkeys((code, base))
    )
