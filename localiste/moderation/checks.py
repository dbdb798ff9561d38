"""Checks of the desk's settings, run by `manage.py check` (and at start-up)."""

from django.conf import settings
from django.core.checks import Error, register

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
