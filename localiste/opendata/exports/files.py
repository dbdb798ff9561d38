"""Writing the export folder safely while the site serves it.

A file is written under a temporary name in the same folder, then renamed over the old one:
a download that started before keeps reading the old file to its end, one that starts after
gets the new file, and nobody ever sees half of one. One export runs at a time (a lock file).
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

LOCK_NAME = ".export.lock"
TEMP_PREFIX = ".opendata-"
TEMP_SUFFIX = ".tmp"
# Exported files are read by the web server, which may run as another user.
FILE_MODE = 0o644


@contextmanager
def atomic_file(path: Path) -> Iterator[TextIO]:
    """A text file (UTF-8) that replaces `path` only once the block ended without error."""
    descriptor, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, FILE_MODE)
        os.replace(temp_name, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def atomic_json(path: Path, data: dict) -> None:
    """Replace `path` with `data` as indented JSON, atomically."""
    with atomic_file(path) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


@contextmanager
def export_lock(directory: Path) -> Iterator[bool]:
    """Hold the folder's export lock for the block: True, or False if another export has it
    (then nothing must be written)."""
    with open(directory / LOCK_NAME, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def leftovers_remove(directory: Path, *, previous: set[str], keep: set[str]) -> list[str]:
    """Delete the temporary files of an interrupted export, and the files the last export
    wrote that the new one did not (a share-alike source left without published makers);
    the names deleted. Nothing else in the folder is touched.

    Call with the export lock held, once the new manifest is written.
    """
    removed = []
    for path in directory.iterdir():
        name = path.name
        temporary = name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)
        # A name from the manifest is a plain file name, never a path ("../x").
        stale = name in previous and name not in keep
        if (temporary or stale) and path.is_file():
            with suppress(FileNotFoundError):
                path.unlink()
            removed.append(name)
    return sorted(removed)
