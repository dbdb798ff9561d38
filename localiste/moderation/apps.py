import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "localiste.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from localiste.core.schedule import job_register
        from localiste.makers.signals import maker_merged, maker_submitted
        from localiste.moderation import checks  # noqa: F401 (registers the settings checks)
        from localiste.moderation.digests import on_maker_submitted
        from localiste.moderation.services.records import decisions_follow_merge
        from localiste.moderation.tasks import claim_invitations_task, operators_digest_task

        maker_submitted.connect(on_maker_submitted, dispatch_uid="moderation.submitted")
        maker_merged.connect(decisions_follow_merge, dispatch_uid="moderation.merged")
        # Looked at every quarter of an hour: the digest goes out within 15 minutes of its
        # hour (MODERATION_DIGEST_HOUR), once a day.
        job_register(
            name="moderation.operators_digest",
            every=datetime.timedelta(minutes=15),
            task=operators_digest_task,
        )
        # Claim invitations beyond the daily cap go out as the last 24 hours free up room.
        job_register(
            name="moderation.claim_invitations",
            every=datetime.timedelta(hours=1),
            task=claim_invitations_task,
        )
