"""Checks of the desk's settings, run by `manage.py check` (and at start-up)."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from localiste.makers.services.editing import REVIEWABLE

SUBMISSION_MAIL_CHOICES = ("immediate", "digest")


@register()
def moderation_settings(app_configs, **kwargs) -> list[Error]:
    errors = []
    unknown = sorted(set(settings.REVIEWED_FIELDS) - set(REVIEWABLE))
    if unknown:
        errors.append(
            Error(
                f"REVIEWED_FIELDS names parts that cannot be reviewed: {', '.join(unknown)}.",
                hint=f"Choose among: {', '.join(REVIEWABLE)}.",
                id="localiste.moderation.E001",
            )
        )
    if settings.MODERATION_SUBMISSION_MAIL not in SUBMISSION_MAIL_CHOICES:
        errors.append(
            Error(
                "MODERATION_SUBMISSION_MAIL must be 'immediate' or 'digest'.",
                id="localiste.moderation.E002",
            )
        )
    if not 0 <= settings.MODERATION_DIGEST_HOUR <= 23:
        errors.append(
            Error(
                "MODERATION_DIGEST_HOUR must be an hour, 0 to 23.",
                id="localiste.moderation.E003",
            )
        )
    return errors


@register()
def demand_privacy_settings(app_configs, **kwargs) -> list[Warning]:
    """The demand figures' privacy settings: a threshold and a retention that protect."""
    warnings = []
    if settings.DEMAND_MIN_SEARCHES < 5:
        warnings.append(
            Warning(
                f"DEMAND_MIN_SEARCHES is {settings.DEMAND_MIN_SEARCHES}: the demand map's "
                "cells and the dashboard's searches could point at one person's searches.",
                hint="Keep it at 5 or more.",
                id="localiste.moderation.W001",
            )
        )
    if settings.SEARCH_LOG_RETENTION_DAYS < 1:
        warnings.append(
            Warning(
                f"SEARCH_LOG_RETENTION_DAYS is {settings.SEARCH_LOG_RETENTION_DAYS}: the daily "
                "purge deletes every logged search, so the demand figures stay empty.",
                hint="Keep searches 1 day or more (90 for the demand map's 90-day view).",
                id="localiste.moderation.W002",
            )
        )
    return warnings
