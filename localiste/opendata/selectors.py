"""Reads of the open data app: what the last export wrote, for the /donnees/ page.

The page never counts makers nor opens the files: everything it shows comes from the small
manifest the export writes last, so it costs one file read at a million makers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from localiste.opendata.exports.manifest import manifest_read


@dataclass(frozen=True)
class ExportFile:
    name: str
    format: str  # csv, geojson, jsonld
    url: str
    media_type: str
    rows: int
    bytes: int


@dataclass(frozen=True)
class ExportDataset:
    """The files of one licence: the directory's own, or those of a share-alike source."""

    name: str
    rows: int
    licence_name: str
    licence_url: str
    source_name: str  # empty for the directory's own listings
    attribution: str
    files: list[ExportFile]


@dataclass(frozen=True)
class OpendataCatalogue:
    generated_at: datetime.datetime
    datasets: list[ExportDataset]
    schema_url: str
    package_url: str


def opendata_catalogue() -> OpendataCatalogue | None:
    """The files of the last export, the directory's own first; None before the first
    export, or when its manifest cannot be read (the page says the files are on their way)."""
    manifest = manifest_read(Path(settings.OPENDATA_DIR))
    if manifest is None:
        return None
    try:
        return OpendataCatalogue(
            generated_at=datetime.datetime.fromisoformat(manifest["generated_at"]),
            datasets=[_dataset(entry) for entry in manifest["datasets"]],
            schema_url=export_file_url(manifest["schema"]),
            package_url=export_file_url(manifest["package"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def export_file_url(name: str) -> str:
    """Where the file `name` of the export folder is downloaded from."""
    return settings.OPENDATA_URL.rstrip("/") + "/" + name


def _dataset(entry: dict) -> ExportDataset:
    source = entry["source"] or {}
    return ExportDataset(
        name=entry["name"],
        rows=int(entry["rows"]),
        licence_name=entry["licence"]["name"],
        licence_url=entry["licence"]["url"],
        source_name=source.get("name", ""),
        attribution=source.get("attribution", ""),
        files=[
            ExportFile(
                name=file["name"],
                format=file["format"],
                url=export_file_url(file["name"]),
                media_type=file["media_type"],
                rows=int(file["rows"]),
                bytes=int(file["bytes"]),
            )
            for file in entry["files"]
        ],
    )
