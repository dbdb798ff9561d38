"""SQLite backend: FTS5 (terms, facet and cell tokens) + R*Tree + precomputed map cells.

Documents get their rowid (docid) in static-rank order at rebuild, and FTS5 returns
matches in rowid order, so "the best N matches" is a LIMIT, not a sort of every match.
"""

import json
from collections.abc import Iterable

from django.db import connections, transaction

from localiste.search.backends.base import Expr, Row
from localiste.search.backends.sql import SqlBackend
from localiste.search.documents import SCORED_FIELDS, TEXT_FIELDS

SCHEMA = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "name, categories, products, tagline, story, tags, detail=column, prefix='2 3', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_rtree USING rtree("
    "docid, min_lat, max_lat, min_lon, max_lon)",
]
DROP = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_rtree"]
TEXT_COLUMNS = "{" + " ".join(TEXT_FIELDS) + "}"


def _quote(token: str) -> str:
    # Terms and tokens are [a-z0-9]+ after normalisation; this keeps it so whatever comes.
    return '"' + "".join(char for char in token if char.isascii() and char.isalnum()) + '"'


def fts_expression(expr: Expr) -> str:
    """The FTS5 MATCH string of `expr` (every user word quoted, so no syntax gets through)."""
    parts = []
    if expr.groups:
        alternatives = []
        for group in expr.groups:
            options = [_quote(t) for t in (*group.terms, *group.completions)]
            options += [_quote(p) + "*" for p in group.prefixes]
            alternatives.append("(" + " OR ".join(options) + ")")
        joined = (" OR " if expr.any_word else " AND ").join(alternatives)
        columns = "{" + " ".join(expr.columns) + "}" if expr.columns else TEXT_COLUMNS
        parts.append(f"{columns}: ({joined})")
    for tokens in expr.tags:
        parts.append("tags: (" + " OR ".join(_quote(t) for t in tokens) + ")")
    return " AND ".join(parts)


def fts_where(expr: Expr) -> tuple[str, list]:
    """The WHERE clause (on search_fts) of a non-empty `expr`, and its parameters."""
    clauses, params = [], []
    match = fts_expression(expr)
    if match:
        clauses.append("search_fts MATCH %s")
        params.append(match)
    if expr.docids is not None:
        clauses.append("rowid IN (SELECT value FROM json_each(%s))")
        params.append(json.dumps([int(docid) for docid in expr.docids]))
    return " AND ".join(clauses), params


class SqliteBackend(SqlBackend):
    vendor = "sqlite"

    def __init__(self, using: str = "default") -> None:
        self.using = using

    def count(self, expr: Expr, cap: int) -> int:
        if expr.is_empty:
            return self.document_count()
        where, params = fts_where(expr)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE {where} LIMIT %s)"
        return self._fetch(sql, [*params, cap])[0][0]

    def _matches(self, expr: Expr, limit: int, box=None, offset: int = 0) -> tuple[str, list]:
        if expr.is_empty and box is not None:
            min_lat, min_lon, max_lat, max_lon = box
            sql = (
                "SELECT docid AS id FROM search_rtree WHERE max_lat >= %s AND min_lat <= %s "
                "AND max_lon >= %s AND min_lon <= %s LIMIT %s OFFSET %s"
            )
            return sql, [min_lat, max_lat, min_lon, max_lon, limit, offset]
        if expr.is_empty:
            sql = "SELECT docid AS id FROM search_doc ORDER BY docid LIMIT %s OFFSET %s"
            return sql, [limit, offset]
        where, params = fts_where(expr)
        sql = f"SELECT rowid AS id FROM search_fts WHERE {where} ORDER BY rowid LIMIT %s OFFSET %s"
        return sql, [*params, limit, offset]

    def rows(self, docids: Iterable[int], *, texts: bool = False) -> dict[int, Row]:
        docids = list(docids)
        if not docids:
            return {}
        found = {}
        marks = ",".join(["%s"] * len(docids))
        sql = (
            "SELECT docid, object_id, latitude, longitude, rank, published, facets "
            f"FROM search_doc WHERE docid IN ({marks})"
        )
        for row in self._fetch(sql, docids):
            found[row[0]] = Row(*row)
        if texts and found:
            columns = ", ".join(SCORED_FIELDS)
            sql = f"SELECT rowid, {columns} FROM search_fts WHERE rowid IN ({marks})"
            for row in self._fetch(sql, docids):
                if row[0] in found:
                    found[row[0]].texts = row[1:]
        return found

    def newest(self, expr: Expr, limit: int, offset: int) -> list[int]:
        if expr.is_empty:
            sql = "SELECT docid FROM search_doc ORDER BY published DESC LIMIT %s OFFSET %s"
            return [row[0] for row in self._fetch(sql, [limit, offset])]
        where, params = fts_where(expr)
        sql = (
            "SELECT docid FROM search_doc WHERE docid IN (SELECT rowid FROM search_fts "
            f"WHERE {where}) ORDER BY published DESC LIMIT %s OFFSET %s"
        )
        return [row[0] for row in self._fetch(sql, [*params, limit, offset])]

    # --- writes -------------------------------------------------------------------------
    def _insert_index(self, cursor, entries: list[tuple]) -> None:
        """entries: (docid, prepared document) pairs already in search_doc."""
        cursor.executemany(
            "INSERT INTO search_fts (rowid, name, categories, products, tagline, story, tags) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [(docid, *doc.texts, doc.tags) for docid, doc in entries],
        )
        cursor.executemany(
            "INSERT INTO search_rtree (docid, min_lat, max_lat, min_lon, max_lon) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (docid, doc.latitude, doc.latitude, doc.longitude, doc.longitude)
                for docid, doc in entries
                if doc.latitude is not None
            ],
        )

    def _delete_index(self, cursor, docids: list[int]) -> None:
        marks = ",".join(["%s"] * len(docids))
        cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", docids)
        cursor.execute(f"DELETE FROM search_rtree WHERE docid IN ({marks})", docids)

    def _bulk_index(self, cursor) -> None:
        """Fill FTS5 and R*Tree from search_stage joined to the new search_doc rows."""
        cursor.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0)")
        cursor.execute(
            "INSERT INTO search_fts (rowid, name, categories, products, tagline, story, tags) "
            "SELECT d.docid, s.name, s.categories, s.products, s.tagline, s.story, s.tags "
            "FROM search_stage AS s JOIN search_doc AS d "
            "ON d.source = s.source AND d.object_id = s.object_id ORDER BY d.docid"
        )
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        cursor.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 4)")
        cursor.execute(
            "INSERT INTO search_rtree (docid, min_lat, max_lat, min_lon, max_lon) "
            "SELECT docid, latitude, latitude, longitude, longitude FROM search_doc "
            "WHERE latitude IS NOT NULL"
        )

    def _clear_index(self, cursor) -> None:
        cursor.execute("DELETE FROM search_fts")
        cursor.execute("DELETE FROM search_rtree")

    def _bulk_pragmas(self, cursor) -> None:
        """A large page cache for this connection; inside a transaction (tests), nothing."""
        if not connections[self.using].in_atomic_block:
            cursor.execute("PRAGMA cache_size=-1048576")
            cursor.execute("PRAGMA temp_store=MEMORY")


def schema_create(connection) -> None:
    with connection.cursor() as cursor:
        for statement in SCHEMA + SqlBackend.common_schema("sqlite"):
            cursor.execute(statement)


def schema_drop(connection) -> None:
    with connection.cursor() as cursor:
        for statement in DROP + SqlBackend.common_drop():
            cursor.execute(statement)


__all__ = ["SqliteBackend", "fts_expression", "schema_create", "schema_drop", "transaction"]
