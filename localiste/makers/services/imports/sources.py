"""The sources of imported listings: created, their column mapping kept, their last import dated."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from localiste.makers.models import Source

# --- sources ------------------------------------------------------------------------------------


def source_build(
    *,
    slug: str,
    name: str,
    kind: str,
    publish: bool = False,
    licence: str = "",
    licence_url: str = "",
    attribution: str = "",
    share_alike: bool = False,
) -> Source:
    """A new source, checked but not saved (a dry run plans with it), or ValidationError.
    OpenStreetMap data is always share-alike (ODbL), whatever the arguments say."""
    share_alike = share_alike or kind == Source.Kind.OSM
    source = Source(
        slug=slug,
        name=name,
        kind=kind,
        publish=publish,
        licence=licence,
        licence_url=licence_url,
        attribution=attribution,
        share_alike=share_alike,
    )
    source.full_clean()
    return source


@transaction.atomic
def source_create(**fields: Any) -> Source:
    """A new source of imported listings (the arguments of `source_build`), or ValidationError."""
    source = source_build(**fields)
    source.save()
    return source


def source_mapping_save(*, source: Source, mapping: Mapping[str, str]) -> Source:
    """Keep `mapping` (listing field → column of the file) for the next files of `source`."""
    source.mapping = dict(mapping)
    source.save(update_fields=["mapping", "updated_at"])
    return source


def source_imported(*, source: Source, at: datetime.datetime) -> Source:
    """Record that `source` was imported at `at` (the maker pages say when)."""
    source.last_imported_at = at
    source.save(update_fields=["last_imported_at", "updated_at"])
    return source
