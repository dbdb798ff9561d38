"""Checks of the open data app's settings, run by `manage.py check` (and at start-up)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register

from localiste.opendata.imports.uploads import import_upload_root

# The folders a web server or Django serves to anyone.
SERVED_FOLDERS = ("MEDIA_ROOT", "STATIC_ROOT", "OPENDATA_DIR")


@register(Tags.security)
def import_upload_dir_private(app_configs, **kwargs) -> list[Error]:
    """Uploaded import files (private data: emails, phones of a whole file) must never be
    served: IMPORT_UPLOAD_DIR may not be in a served folder, nor be one."""
    uploads = import_upload_root().resolve()
    errors = []
    for name in SERVED_FOLDERS:
        served = getattr(settings, name, None)
        if not served:
            continue
        served = Path(served).resolve()
        if uploads == served or served in uploads.parents:
            errors.append(
                Error(
                    f"IMPORT_UPLOAD_DIR ({uploads}) is inside {name} ({served}), which is "
                    "served to anyone: uploaded import files would be public.",
                    hint="Set IMPORT_UPLOAD_DIR to a folder of its own, outside the served "
                    "ones (the default is var/imports).",
                    id="localiste.opendata.E001",
                )
            )
    return errors
