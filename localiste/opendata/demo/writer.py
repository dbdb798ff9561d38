"""Bulk insertion of demo rows: reserved id blocks, `executemany`, loader-only SQLite tweaks."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connections, models


class BulkWriter:
    """Inserts plain tuples into a model's table with one `executemany` per call.

    Columns the generator does not know (added to the model later) get their field's
    default, so that a new field with a default never breaks the demo.
    """

    def __init__(self, *, using: str = "default") -> None:
        self.connection = connections[using]
        self.statements: dict[tuple[str, tuple[str, ...]], tuple[str, tuple]] = {}

    @property
    def vendor(self) -> str:
        return self.connection.vendor

    def insert(self, model: type[models.Model], columns: Sequence[str], rows: list) -> None:
        if not rows:
            return
        sql, extra = self._statement(model, tuple(columns))
        if extra:
            rows = [(*row, *extra) for row in rows]
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _statement(self, model, columns: tuple[str, ...]) -> tuple[str, tuple]:
        key = (model._meta.db_table, columns)
        if key not in self.statements:
            quote = self.connection.ops.quote_name
            extra_fields = [
                field
                for field in model._meta.concrete_fields
                if field.column not in columns and not (field.primary_key and field.auto_created)
                and not isinstance(field, models.AutoField)
            ]  # fmt: skip
            extra = tuple(
                field.get_db_prep_save(field.get_default(), self.connection)
                for field in extra_fields
            )
            names = ", ".join(quote(c) for c in (*columns, *(f.column for f in extra_fields)))
            marks = ", ".join(["%s"] * (len(columns) + len(extra_fields)))
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"
            self.statements[key] = (sql, extra)
        return self.statements[key]

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        """The first of `count` consecutive free ids of `model`, kept from concurrent inserts.

        The sequence (PostgreSQL) or AUTOINCREMENT counter (SQLite) is moved past the block,
        so rows inserted meanwhile by someone else take ids after it.
        """
        table = model._meta.db_table
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST("
                    f"nextval(pg_get_serial_sequence(%s, 'id')), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {quote(table)})) + %s - 1)",
                    [table, table, count],
                )
                return cursor.fetchone()[0] - count + 1
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(table)}")
            highest = cursor.fetchone()[0]
            if self.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                highest = max(highest, row[0] if row else 0)
                if row:
                    cursor.execute(
                        "UPDATE sqlite_sequence SET seq = %s WHERE name = %s",
                        [highest + count, table],
                    )
                else:
                    cursor.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                        [table, highest + count],
                    )
            return highest + 1

    @contextmanager
    def loading(self) -> Iterator[None]:
        """SQLite settings for a bulk load on this connection only, restored afterwards.

        No fsync per commit (a crash loses demo rows, never corrupts: WAL stays on), a large
        page cache, and no per-row foreign-key lookups: the generator only writes ids it
        created itself. Outside SQLite, nothing changes.
        """
        if self.vendor != "sqlite" or self.connection.in_atomic_block:
            yield
            return
        pragmas = ("synchronous", "cache_size", "foreign_keys", "temp_store")
        with self.connection.cursor() as cursor:
            saved = {}
            for pragma in pragmas:
                cursor.execute(f"PRAGMA {pragma}")
                saved[pragma] = cursor.fetchone()[0]
            for statement in (
                "PRAGMA synchronous=OFF",
                "PRAGMA cache_size=-1048576",
                "PRAGMA foreign_keys=OFF",
                "PRAGMA temp_store=MEMORY",
            ):
                cursor.execute(statement)
        try:
            yield
        finally:
            with self.connection.cursor() as cursor:
                for pragma, value in saved.items():
                    cursor.execute(f"PRAGMA {pragma}={int(value)}")
