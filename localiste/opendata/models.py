"""What the open-data side keeps: the record of each import run.

An import run is one file read into one source, for real or as a dry run. Its record is
written as it goes (rows done, counts per outcome, a bounded list of the rows left out and
why), each time in a short transaction of its own, so that a page can show its progress
while it runs (`localiste.opendata.imports.runs`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        GEOJSON = "geojson", _("GeoJSON")
        SIRENE = "sirene", _("SIRENE register")
        OSM = "osm", _("OpenStreetMap export")

    # None: a dry run for a source that is not created yet (a dry run writes no source).
    source = models.ForeignKey(
        "makers.Source",
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_runs",
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # The operator's language: the reasons of the skipped rows are written in it.
    language = models.CharField(_("language"), max_length=8, default="fr")
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    created_count = models.PositiveIntegerField(_("listings created"), default=0)
    updated_count = models.PositiveIntegerField(_("listings updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("listings unchanged"), default=0)
    skipped_count = models.PositiveIntegerField(_("rows skipped"), default=0)
    # Rows whose listing kept fields edited since the last import (see makers' imports).
    kept_count = models.PositiveIntegerField(_("listings with fields kept"), default=0)
    # Listings of the source that this complete run did not list (flagged for the desk).
    vanished_count = models.PositiveIntegerField(_("listings no longer in the source"), default=0)
    # {reason group: rows}, and the first rows of each kind (settings.IMPORT_ROWS_KEPT):
    # [{"row", "key", "reason", "params", "message"}] and [{"row", "key", "fields"}].
    skipped_reasons = models.JSONField(_("skipped, by reason"), default=dict, blank=True)
    skipped_rows = models.JSONField(_("skipped rows (the first ones)"), default=list, blank=True)
    kept_rows = models.JSONField(
        _("rows with fields kept (the first ones)"), default=list, blank=True
    )
    error = models.TextField(_("error"), blank=True)
    # A run started from the staff page: its file, kept under settings.IMPORT_UPLOAD_DIR
    # ("<folder>/<name>", emptied once the file is deleted), the encoding it is read with
    # ("" = detected), and for a dry run of a source not created yet, that source's settings.
    upload = models.CharField(_("uploaded file"), max_length=300, blank=True)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    new_source = models.JSONField(_("source to create"), default=dict, blank=True)
    # What the format was read with besides the mapping (`imports.formats`): a SIRENE
    # import's départements and communes, the maps a command was given.
    options = models.JSONField(_("format options"), default=dict, blank=True)
    # Rows imported with a doubt (an OpenStreetMap opening hours value that could not be
    # read): how many, and the first ones (settings.IMPORT_ROWS_KEPT) as the operator was
    # told of them, in the run's language.
    warning_count = models.PositiveIntegerField(_("rows imported with a doubt"), default=0)
    warning_rows = models.JSONField(
        _("rows imported with a doubt (the first ones)"), default=list, blank=True
    )
    # A dry run imported for real: the real run it started (one only, see
    # `service.import_run_confirm`).
    confirmed_run = models.OneToOneField(
        "self",
        verbose_name=_("real run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmed_dry_run",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # When the run last said it was alive (taken by the worker, then about once a minute):
    # one silent for settings.IMPORT_STALE_MINUTES is marked failed (`service`).
    progress_at = models.DateTimeField(_("progress saved"), null=True, blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["source", "-created_at"], name="importrun_source_recent")]

    def __str__(self) -> str:
        return f"{self.source or '-'} · {self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def rows_per_second(self) -> float | None:
        seconds = self.seconds
        return self.rows_done / seconds if seconds else None
