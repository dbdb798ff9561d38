"""Abstract bases shared by the domain apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from localiste.core.text import language_base


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class LocationModel(models.Model):
    """A point on the map; both coordinates are null when nobody located it yet."""

    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class TranslatedNameModel(models.Model):
    """A name kept in French and English; `name` gives the one of the active language."""

    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self, "name")


def translated(obj, field: str) -> str:
    """The value of `field_<lang>` for the active language, else for the site's default
    language (LANGUAGE_CODE), else English, else French (docs/languages.md)."""
    language = translated_language(obj, field)
    return getattr(obj, f"{field}_{language}", "") if language else ""


def translated_language(obj, field: str) -> str:
    """The language whose `field_<lang>` `translated()` shows, or "" if none has a value."""
    languages = (language_base(get_language() or ""), language_base(settings.LANGUAGE_CODE))
    for language in (*languages, "en", "fr"):
        if getattr(obj, f"{field}_{language}", ""):
            return language
    return ""


def is_referenced(instance: models.Model) -> bool:
    """Whether a row of any installed model points at `instance` (a key or a many-to-many).

    Lower apps use it to refuse deleting what higher apps still use, without knowing them.
    """
    for relation in instance._meta.related_objects:
        rows = relation.related_model._base_manager.filter(**{relation.field.name: instance})
        if rows.exists():
            return True
    return False


class ScheduledRun(models.Model):
    """When a periodic job of `core.schedule` was last queued, so that it runs once per period
    however many schedulers (one per app server, or cron) look at it."""

    name = models.CharField(_("job"), max_length=80, unique=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name
