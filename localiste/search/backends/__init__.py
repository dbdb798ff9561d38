"""The search backend of a database connection: SQLite (FTS5 + R*Tree) or PostgreSQL."""

from django.db import connections

from localiste.search.backends.base import Expr, MapCell, Row, SearchBackend

__all__ = ["Expr", "MapCell", "Row", "SearchBackend", "backend_for"]


def backend_for(using: str = "default") -> SearchBackend:
    """The backend for database `using` (chosen by its vendor)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        from localiste.search.backends.postgres import PostgresBackend

        return PostgresBackend(using)
    from localiste.search.backends.sqlite import SqliteBackend

    return SqliteBackend(using)
