"""What an export wrote: the manifest the /donnees/ page reads, and the Data Package descriptor.

`manifest.json` lists each dataset (the directory's own files, and one set per share-alike
source) with its licence and its files' names, formats, row counts and sizes, plus when the
export ran and a fingerprint of what it read (the next one runs only when that changed).
`datapackage.json` describes the same files for Frictionless tools: the CSVs with their
Table Schema, each resource with its licence.
"""

from __future__ import annotations

import datetime
import json
import logging
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

logger = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
PACKAGE_NAME = "datapackage.json"
SCHEMA_NAME = "fabricants.schema.json"
BASE_NAME = "fabricants"
MANIFEST_VERSION = 1


def dataset_name(source_slug: str | None = None) -> str:
    """The files' base name: the directory's own, or a share-alike source's."""
    return f"{BASE_NAME}-{slugify(source_slug)}" if source_slug else BASE_NAME


def manifest_read(directory: Path) -> dict | None:
    """The last export's manifest, or None if there is none yet (or it is unreadable)."""
    try:
        manifest = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        logger.warning("Unreadable open data manifest in %s", directory, exc_info=True)
        return None
    if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION:
        return None
    try:
        datetime.datetime.fromisoformat(manifest["generated_at"])
    except (KeyError, TypeError, ValueError):
        logger.warning("Open data manifest without a valid date in %s", directory)
        return None
    return manifest


def manifest_file_names(manifest: dict | None) -> set[str]:
    """Every file a manifest lists (the manifest itself aside)."""
    if not manifest:
        return set()
    names = {manifest.get("schema"), manifest.get("package")}
    for dataset in manifest.get("datasets", []):
        names.update(file.get("name") for file in dataset.get("files", []))
    return {name for name in names if isinstance(name, str) and "/" not in name}


def data_package(manifest: dict) -> dict:
    """The Data Package descriptor of the files `manifest` lists."""
    resources = []
    for dataset in manifest["datasets"]:
        licences = [_package_licence(dataset["licence"])]
        source = dataset["source"]
        for file in dataset["files"]:
            resource = {
                "name": file["name"].lower().replace(".", "-"),
                "path": file["name"],
                "format": file["format"],
                "mediatype": file["media_type"],
                "encoding": "utf-8",
                "bytes": file["bytes"],
                "licenses": licences,
            }
            if source:
                resource["sources"] = [{"title": source["attribution"] or source["name"]}]
            if file["format"] == "csv":
                resource["schema"] = manifest["schema"]
            resources.append(resource)
    return {
        "name": slugify(settings.SITE_NAME) or "localiste",
        "title": settings.SITE_NAME,
        "created": manifest["generated_at"],
        "licenses": [_package_licence(manifest["datasets"][0]["licence"])],
        "resources": resources,
    }


def _package_licence(licence: dict) -> dict:
    descriptor = {"title": licence["name"]}
    if licence.get("url"):
        descriptor["path"] = licence["url"]
    if licence.get("id") or not licence.get("url"):
        descriptor["name"] = licence.get("id") or "other"
    return descriptor
