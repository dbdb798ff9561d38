"""The keys a file has given so far, to refuse a key given twice, in bounded memory.

Up to `in_memory` keys are kept in a dict (about 100 bytes each); past that they move to a
throwaway SQLite file of their own (a national register lists millions of keys), so the
memory of an import stays flat whatever the file's size. That file is not the site's
database: nothing there takes its write lock.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

IN_MEMORY_KEYS = 200_000


class SeenKeys:
    """Remembers each key with the row it was first given on."""

    def __init__(self, in_memory: int = IN_MEMORY_KEYS):
        self.in_memory = in_memory
        self.rows: dict[str, int] = {}
        self._folder: tempfile.TemporaryDirectory | None = None
        self._db: sqlite3.Connection | None = None

    def first_row(self, key: str, row: int) -> int | None:
        """The row `key` was given on before, or None (then `row` is remembered for it)."""
        if key in self.rows:
            return self.rows[key]
        if self._db is not None:
            found = self._db.execute("SELECT row FROM seen WHERE key = ?", (key,)).fetchone()
            if found:
                return found[0]
        self.rows[key] = row
        if len(self.rows) >= self.in_memory:
            self._spill()
        return None

    def _spill(self) -> None:
        if self._db is None:
            self._folder = tempfile.TemporaryDirectory(prefix="localiste-import-")
            self._db = sqlite3.connect(Path(self._folder.name) / "seen.sqlite3")
            self._db.execute("PRAGMA journal_mode=OFF")
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID")
        with self._db:
            self._db.executemany("INSERT INTO seen VALUES (?, ?)", self.rows.items())
        self.rows.clear()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
