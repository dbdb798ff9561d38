"""What a run holds while it writes: no cycle collection during a batch, no mapped database."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector waits while a batch is written: a full collection walks
    every object of the process (tens of milliseconds in a Django process), which must not
    happen while the batch holds SQLite's write lock. It runs once the batch is written."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def database_unmapped() -> Iterator[None]:
    """On SQLite, the import reads the database through SQLite's page cache rather than by
    mapping the file (settings map up to 256 MB of it): mapped pages count in the process's
    memory, and an import's memory stays the same whatever the size of the directory."""
    mapped = 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size")
            row = cursor.fetchone()  # none for a database in memory (the tests')
            mapped = int(row[0]) if row else 0
            if mapped:
                cursor.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        if mapped:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA mmap_size={mapped}")
