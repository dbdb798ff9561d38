"""Writing the open data files: all of them now, or only when listings changed and the last
export is old enough (the periodic job), so that a busy directory costs one export an hour.

The directory's own listings go to the `fabricants.*` files under the site's licence
(settings.OPENDATA_LICENCE). Listings imported from a share-alike source (`Source.share_alike`,
such as OpenStreetMap's ODbL) are never mixed into them: each such source gets files of its
own, `fabricants-<source>.*`, under the source's licence and with its attribution.
"""

from __future__ import annotations

import datetime
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from localiste.makers.models import Source
from localiste.opendata.exports.files import (
    atomic_file,
    atomic_json,
    export_lock,
    leftovers_remove,
)
from localiste.opendata.exports.formats import WRITERS
from localiste.opendata.exports.manifest import (
    MANIFEST_NAME,
    MANIFEST_VERSION,
    PACKAGE_NAME,
    SCHEMA_NAME,
    data_package,
    dataset_name,
    manifest_file_names,
    manifest_read,
)
from localiste.opendata.exports.rows import (
    PublicMaker,
    published_makers,
    published_makers_fingerprint,
)
from localiste.opendata.exports.schema import TABLE_SCHEMA_PATH


@dataclass(frozen=True)
class ExportRun:
    """What one call did: the manifest it wrote, or why it wrote nothing (`skipped`: "busy"
    while another export runs, "recent" within the minimum interval, "unchanged")."""

    manifest: dict | None = None
    skipped: str = ""
    removed: tuple[str, ...] = ()

    def summary(self) -> dict:
        """The run in a few JSON-friendly figures (a task's result, a log line)."""
        if self.manifest is None:
            return {"skipped": self.skipped}
        return {
            "generated_at": self.manifest["generated_at"],
            "seconds": self.manifest["seconds"],
            "rows": {dataset["name"]: dataset["rows"] for dataset in self.manifest["datasets"]},
        }


def opendata_export(*, now: datetime.datetime | None = None) -> ExportRun:
    """Write every open data file now, whatever changed (`manage.py export_opendata`)."""
    directory = _directory()
    with export_lock(directory) as locked:
        if not locked:
            return ExportRun(skipped="busy")
        return _export(directory, now=now or timezone.now(), previous=manifest_read(directory))


def opendata_export_if_due(*, now: datetime.datetime | None = None) -> ExportRun:
    """Write the files if published listings changed since the last export and that export
    is at least OPENDATA_MIN_INTERVAL_MINUTES old (at once when there is none yet)."""
    now = now or timezone.now()
    directory = _directory()
    with export_lock(directory) as locked:
        if not locked:
            return ExportRun(skipped="busy")
        previous = manifest_read(directory)
        if previous is not None:
            last = datetime.datetime.fromisoformat(previous["generated_at"])
            if now - last < datetime.timedelta(minutes=settings.OPENDATA_MIN_INTERVAL_MINUTES):
                return ExportRun(skipped="recent")
        # Taken before the makers are read: a change made during the export is seen by the
        # next look, not lost.
        fingerprint = published_makers_fingerprint()
        if previous is not None and previous.get("fingerprint") == fingerprint:
            return ExportRun(skipped="unchanged")
        return _export(directory, now=now, previous=previous, fingerprint=fingerprint)


class _DatasetFiles:
    """The files of one dataset while they are written: a writer per format."""

    def __init__(self, stack: ExitStack, directory: Path, source: Source | None) -> None:
        self.source = source
        self.name = dataset_name(source.slug if source else None)
        self.rows = 0
        self.writers = []
        for writer_class in WRITERS:
            path = directory / f"{self.name}.{writer_class.extension}"
            self.writers.append((path, writer_class(stack.enter_context(atomic_file(path)))))

    def write(self, maker: PublicMaker) -> None:
        for _, writer in self.writers:
            writer.write(maker)
        self.rows += 1

    def close(self) -> None:
        for _, writer in self.writers:
            writer.close()

    def describe(self) -> dict:
        """This dataset's entry of the manifest (call once its files are in place)."""
        source = self.source
        if source is None:
            licence = dict(settings.OPENDATA_LICENCE)
        else:
            licence = {"name": source.licence, "url": source.licence_url, "id": ""}
        return {
            "name": self.name,
            "rows": self.rows,
            "licence": licence,
            "source": (
                {"name": source.name, "slug": source.slug, "attribution": source.attribution}
                if source
                else None
            ),
            "files": [
                {
                    "name": path.name,
                    "format": writer.format,
                    "media_type": writer.media_type,
                    "rows": self.rows,
                    "bytes": path.stat().st_size,
                }
                for path, writer in self.writers
            ],
        }


def _export(
    directory: Path,
    *,
    now: datetime.datetime,
    previous: dict | None,
    fingerprint: str | None = None,
) -> ExportRun:
    started = time.perf_counter()
    fingerprint = fingerprint or published_makers_fingerprint()
    share_alike = {source.pk: source for source in Source.objects.filter(share_alike=True)}
    datasets: dict[int | None, _DatasetFiles] = {}
    # Category names in the site's language, page addresses without a language prefix.
    with translation.override(settings.LANGUAGE_CODE), ExitStack() as stack:
        datasets[None] = _DatasetFiles(stack, directory, None)  # even with no maker yet
        for maker in published_makers():
            key = maker.source_id if maker.source_id in share_alike else None
            if key not in datasets:
                datasets[key] = _DatasetFiles(stack, directory, share_alike[key])
            datasets[key].write(maker)
        for dataset in datasets.values():
            dataset.close()
    # Every data file is in place: describe them, the manifest last.
    with atomic_file(directory / SCHEMA_NAME) as handle:
        handle.write(TABLE_SCHEMA_PATH.read_text(encoding="utf-8"))
    ordered = [datasets.pop(None), *sorted(datasets.values(), key=lambda d: d.source.name)]
    manifest = {
        "version": MANIFEST_VERSION,
        "generated_at": now.astimezone(datetime.UTC).isoformat(timespec="seconds"),
        "fingerprint": fingerprint,
        "schema": SCHEMA_NAME,
        "package": PACKAGE_NAME,
        "datasets": [dataset.describe() for dataset in ordered],
    }
    atomic_json(directory / PACKAGE_NAME, data_package(manifest))
    manifest["seconds"] = round(time.perf_counter() - started, 3)
    atomic_json(directory / MANIFEST_NAME, manifest)
    removed = leftovers_remove(
        directory, previous=manifest_file_names(previous), keep=manifest_file_names(manifest)
    )
    return ExportRun(manifest=manifest, removed=tuple(removed))


def _directory() -> Path:
    directory = Path(settings.OPENDATA_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory
