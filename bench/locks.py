"""How long the server holds SQLite's write lock, measured inside its worker processes.

With `transaction_mode=IMMEDIATE` (config/settings.py) a transaction takes the write lock at
its BEGIN and keeps it until COMMIT or ROLLBACK; a statement that writes outside a
transaction holds it while it runs. bench/wsgi.py installs `lock_watch_install` in every
gunicorn worker when BENCH_LOCK_LOG names a file: each hold becomes one JSON line there,
with the request that held it, and `lock_holds_read` sums them up for the report.

Measured: from the moment BEGIN IMMEDIATE returns (the lock is ours) to the end of COMMIT or
ROLLBACK; the time BEGIN waited for the lock is noted beside it. A writing statement in
autocommit mode counts as a hold of its own duration, its wait for the lock included (SQLite
does not tell them apart), so it is reported on its own line.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

LOG_ENV = "BENCH_LOCK_LOG"
WRITING_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")

_request = threading.local()


def request_label_set(label: str) -> None:
    """Name the request this thread serves (the WSGI wrapper of bench/wsgi.py calls it)."""
    _request.label = label


def lock_watch_install(path: str) -> None:
    """Record every write-lock hold of this process's SQLite connections into `path`."""
    from django.db.backends.signals import connection_created

    def watched(sender, connection, **kwargs):
        if connection.vendor == "sqlite" and not getattr(connection, "_bench_lock_watch", False):
            _watch(connection, path)

    connection_created.connect(watched, weak=False, dispatch_uid="bench-lock-watch")


def _watch(connection, path: str) -> None:
    connection._bench_lock_watch = True
    state: dict[str, float] = {}

    def record(kind: str, hold: float, wait: float = 0.0) -> None:
        line = json.dumps(
            {
                "kind": kind,
                "hold_ms": round(hold * 1000, 2),
                "wait_ms": round(wait * 1000, 2),
                "request": getattr(_request, "label", "") or "(no request: background)",
                "pid": os.getpid(),
            }
        )
        # One short append per line: lines of several processes do not interleave.
        with open(path, "a", encoding="utf-8") as log:
            log.write(line + "\n")

    def wrapper(execute, sql, params, many, context):
        verb = sql.lstrip()[:8].upper()
        if verb.startswith("BEGIN"):
            asked = time.perf_counter()
            result = execute(sql, params, many, context)
            state["began"] = time.perf_counter()
            state["wait"] = state["began"] - asked
            return result
        if "began" not in state and verb.startswith(WRITING_VERBS):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                record("statement", time.perf_counter() - started)
        return execute(sql, params, many, context)

    connection.execute_wrappers.append(wrapper)
    for name in ("_commit", "_rollback"):
        original = getattr(connection, name)

        def ended(original=original):
            try:
                return original()
            finally:
                began = state.pop("began", None)
                if began is not None:
                    record("transaction", time.perf_counter() - began, state.pop("wait", 0.0))

        setattr(connection, name, ended)


def lock_holds_read(path: Path) -> dict:
    """The longest holds of `path`'s log: overall, per kind, and the requests behind them."""
    if not path.exists():
        return {"transactions": 0}
    holds = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    transactions = sorted(
        (h for h in holds if h["kind"] == "transaction"), key=lambda h: -h["hold_ms"]
    )
    statements = sorted((h for h in holds if h["kind"] == "statement"), key=lambda h: -h["hold_ms"])
    return {
        "transactions": len(transactions),
        "longest_ms": transactions[0]["hold_ms"] if transactions else 0.0,
        "longest_request": transactions[0]["request"] if transactions else "",
        "over_100ms": sum(h["hold_ms"] > 100 for h in transactions),
        "longest_wait_ms": max((h["wait_ms"] for h in transactions), default=0.0),
        "top": [(h["hold_ms"], h["request"]) for h in transactions[:5]],
        "statements": len(statements),
        "longest_statement_ms": statements[0]["hold_ms"] if statements else 0.0,
        "longest_statement_request": statements[0]["request"] if statements else "",
    }
