"""Recording counters and searches: cheap writes, nothing personal, never by the request.

A page view, a contact click or a search is not written by the request that made it: it
goes into this process's buffer (`count_buffer`, `search_log_buffer`), which a background
thread writes in one short transaction every FLUSH_SECONDS or as soon as FLUSH_SIZE items
wait, and once more when the process exits. A visitor never waits for the database's write
lock (SQLite has one for the whole file), and a thousand views a minute cost a few
statements, not a thousand: views of the same maker on the same day add up in memory first.
What a buffer holds when a process is killed outright (a few seconds of statistics at most)
is lost; a search's `created_at` is when it was written, at most a few seconds after it.
Tests, whose database lives in one transaction per test, get each item written at once
(settings.TESTING), as tasks are.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import os
import threading
from collections import Counter, deque

from django.conf import settings
from django.db import close_old_connections, connections, router, transaction
from django.utils import timezone

from localiste.core.text import fold
from localiste.metrics.models import DailyCount, SearchLog

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 2.0
FLUSH_SIZE = 200
# Kept when the database refuses writes for a while; the oldest entries go first beyond it.
MAX_WAITING = 20_000
# Searches deleted per statement by the purge: each batch holds SQLite's write lock briefly.
PURGE_BATCH = 2_000


def count_increment(*, kind: str, object_id: int, day: datetime.date | None = None) -> None:
    """Add one to the counter of `kind` for `object_id` on `day` (today by default).

    Written within FLUSH_SECONDS by the counters' buffer, not by the caller (see above).
    """
    key = (kind, object_id, day or timezone.localdate())
    if settings.TESTING:
        _counts_write(Counter([key]))
    else:
        count_buffer.add(key)


def _counts_write(counts: Counter) -> None:
    """Add each of `counts` ((kind, object_id, day) → n) to its day's row: one upsert
    statement for them all, whether the rows exist or not (SQLite and PostgreSQL alike)."""
    connection = connections[router.db_for_write(DailyCount)]
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    rows = [
        (kind, object_id, connection.ops.adapt_datefield_value(day), count)
        for (kind, object_id, day), count in sorted(counts.items())
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (kind, object_id, day, count) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT (kind, object_id, day) DO UPDATE SET count = {table}.count + "
            "EXCLUDED.count",
            rows,
        )


def daily_counts_merge(*, kind_prefix: str, from_object_id: int, into_object_id: int) -> int:
    """Add the counters of `from_object_id` to those of `into_object_id`, day by day, for the
    kinds starting with `kind_prefix` ("maker."), and delete them; how many rows were moved.

    Two statements, whatever the number of days: one upsert of every row (a day the other
    object already counted adds up), one deletion. For two listings merged into one.
    """
    if from_object_id == into_object_id:
        return 0
    connection = connections[router.db_for_write(DailyCount)]
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    escaped = kind_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matching = "object_id = %s AND kind LIKE %s ESCAPE '\\'"
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, object_id, day, count) "
            f"SELECT kind, %s, day, count FROM {table} WHERE {matching} "
            f"ON CONFLICT (kind, object_id, day) DO UPDATE SET count = {table}.count + "
            f"excluded.count",
            [into_object_id, from_object_id, f"{escaped}%"],
        )
        cursor.execute(f"DELETE FROM {table} WHERE {matching}", [from_object_id, f"{escaped}%"])
        return cursor.rowcount


class WriteBuffer:
    """Items waiting to be written, and the thread that writes them (see the module's text).

    The thread starts with the first item of a process (a forked app-server worker starts
    its own); `flush` writes what waits, in one transaction, from whichever thread calls it.
    A subclass says how items wait (`_empty`, `_put`, `_size`, `_put_back`) and are written
    (`_write`).
    """

    thread_name = "buffer-writer"
    model = None  # whose database the writes go to

    def __init__(
        self,
        *,
        flush_seconds: float = FLUSH_SECONDS,
        flush_size: int = FLUSH_SIZE,
        background: bool = True,
    ):
        self.flush_seconds = flush_seconds
        self.flush_size = flush_size
        self.background = background  # False: only `flush` writes (tests)
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._pending = self._empty()
        self._lock = threading.Lock()  # guards _pending and _thread
        self._writing = threading.Lock()  # one flush at a time
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def add(self, item) -> None:
        """Keep `item` for the next flush (sooner when FLUSH_SIZE items wait)."""
        with self._lock:
            self._put(self._pending, item)
            waiting = self._size(self._pending)
            if self._thread is None and self.background:
                self._thread = threading.Thread(
                    target=self._run, name=self.thread_name, daemon=True
                )
                self._thread.start()
                atexit.register(self._flush_quietly)
        if waiting >= self.flush_size:
            self._wake.set()

    def waiting(self) -> int:
        """How many items wait, the batch being written included."""
        return self._size(self._pending) + (1 if self._writing.locked() else 0)

    def flush(self) -> int:
        """Write the waiting items in one transaction; how many. Kept on failure."""
        with self._writing:
            with self._lock:
                batch, self._pending = self._pending, self._empty()
            if not batch:
                return 0
            try:
                with transaction.atomic(using=router.db_for_write(self.model)):
                    self._write(batch)
            except Exception:
                with self._lock:  # back in front, for the next try
                    self._put_back(self._pending, batch)
                raise
            return self._size(batch)

    def stop(self) -> None:
        """Write what waits and end the thread (and its database connection)."""
        thread = self._thread
        if thread is not None:
            self._stopping = True
            self._wake.set()
            thread.join()
            self._thread = None
            self._stopping = False

    def _run(self) -> None:
        try:
            while not self._stopping:
                self._wake.wait(self.flush_seconds)
                self._wake.clear()
                close_old_connections()  # as a request does: CONN_MAX_AGE, broken ones
                self._flush_quietly()
        finally:
            connections.close_all()

    def _flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception:
            logger.exception(
                "%s could not write yet (%d waiting)", self.thread_name, self.waiting()
            )


class SearchLogBuffer(WriteBuffer):
    """Searches, in the order they were made (the oldest dropped beyond MAX_WAITING)."""

    thread_name = "search-log-writer"
    model = SearchLog

    def _empty(self) -> deque:
        return deque(maxlen=MAX_WAITING)

    def _put(self, pending: deque, entry: SearchLog) -> None:
        pending.append(entry)

    def _size(self, pending: deque) -> int:
        return len(pending)

    def _put_back(self, pending: deque, batch: deque) -> None:
        pending.extendleft(reversed(batch))

    def _write(self, batch: deque) -> None:
        SearchLog.objects.bulk_create(batch)


class CountBuffer(WriteBuffer):
    """Counter increments, added up per (kind, object, day) until written."""

    thread_name = "count-writer"
    model = DailyCount

    def _empty(self) -> Counter:
        return Counter()

    def _put(self, pending: Counter, key: tuple) -> None:
        pending[key] += 1

    def _size(self, pending: Counter) -> int:
        return pending.total()

    def _put_back(self, pending: Counter, batch: Counter) -> None:
        pending.update(batch)

    def _write(self, batch: Counter) -> None:
        _counts_write(batch)


count_buffer = CountBuffer()
search_log_buffer = SearchLogBuffer()


def search_log_record(
    *,
    query: str,
    place: str,
    filters: dict,
    result_count: int,
    duration_ms: float,
    place_id: int | None = None,
) -> SearchLog:
    """Keep one search for the demand statistics (no IP, no session, no user).

    Written within FLUSH_SECONDS by the buffer's thread, not by the caller (see above).
    """
    entry = SearchLog(
        query=query[:200],
        query_folded=fold(query)[:200],
        place=place[:120],
        place_id=place_id,
        filters=filters,
        result_count=result_count,
        duration_ms=duration_ms,
    )
    if settings.TESTING:
        entry.save()
    else:
        search_log_buffer.add(entry)
    return entry


def search_log_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the searches older than SEARCH_LOG_RETENTION_DAYS; how many went.

    In batches of PURGE_BATCH rows, each its own short transaction, so that a first purge of
    a long log never holds the database's write lock for long.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.SEARCH_LOG_RETENTION_DAYS)
    deleted = 0
    while True:
        batch = list(
            SearchLog.objects.filter(created_at__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)[:PURGE_BATCH]
        )
        if not batch:
            return deleted
        with transaction.atomic(using=router.db_for_write(SearchLog)):
            deleted += SearchLog.objects.filter(pk__in=batch).delete()[0]
