"""PostgreSQL backend: tsvector + GIN on the normalised terms, a btree on (lat, lon).

The same documents, tokens and algorithm as SQLite (see engine.py): text terms carry the
weight of their field (name A, categories B, products C, tagline and story D), facet and
cover-cell tokens live in a second tsvector, and docids follow the static rank.
"""

from collections.abc import Iterable, Sequence

from localiste.search.backends.base import Expr, Row
from localiste.search.backends.sql import SqlBackend
from localiste.search.documents import SCORED_FIELDS

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS search_text (docid bigint PRIMARY KEY, name text, "
    "categories text, products text, tagline text, story text, terms tsvector NOT NULL, "
    "tags tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_text_terms ON search_text USING gin (terms)",
    "CREATE INDEX IF NOT EXISTS search_text_tags ON search_text USING gin (tags)",
    "CREATE INDEX IF NOT EXISTS search_doc_point ON search_doc (latitude, longitude)",
]
DROP = ["DROP TABLE IF EXISTS search_text", "DROP INDEX IF EXISTS search_doc_point"]
WEIGHT_OF = {"name": "A", "categories": "B", "products": "C", "tagline": "D", "story": "D"}
TERMS_SQL = (
    "setweight(to_tsvector('simple', {p}name), 'A') || "
    "setweight(to_tsvector('simple', {p}categories), 'B') || "
    "setweight(to_tsvector('simple', {p}products), 'C') || "
    "setweight(to_tsvector('simple', {p}tagline || ' ' || {p}story), 'D')"
)


def _lexeme(token: str) -> str:
    return "'" + "".join(char for char in token if char.isascii() and char.isalnum()) + "'"


def tsqueries(expr: Expr) -> tuple[str | None, str | None]:
    """(text tsquery, tags tsquery) literals of `expr`; None where it has no such part."""
    text = None
    if expr.groups:
        weights = "".join(sorted({WEIGHT_OF[c] for c in expr.columns})) if expr.columns else ""
        groups = []
        for group in expr.groups:
            options = [
                _lexeme(term) + (f":{weights}" if weights else "")
                for term in (*group.terms, *group.completions)
            ]
            options += [_lexeme(prefix) + ":*" + weights for prefix in group.prefixes]
            groups.append("(" + " | ".join(options) + ")")
        text = (" | " if expr.any_word else " & ").join(groups)
    tags = None
    if expr.tags:
        tags = " & ".join("(" + " | ".join(_lexeme(t) for t in group) + ")" for group in expr.tags)
    return text, tags


def _where(expr: Expr) -> tuple[str, list]:
    text, tags = tsqueries(expr)
    clauses, params = [], []
    if text:
        clauses.append("t.terms @@ %s::tsquery")
        params.append(text)
    if tags:
        clauses.append("t.tags @@ %s::tsquery")
        params.append(tags)
    if expr.docids is not None:
        clauses.append("t.docid = ANY(%s)")
        params.append([int(docid) for docid in expr.docids])
    return " AND ".join(clauses), params


class PostgresBackend(SqlBackend):
    vendor = "postgresql"
    least, greatest = "LEAST", "GREATEST"
    docid_list = "string_agg(d.docid::text, ',')"

    def __init__(self, using: str = "default") -> None:
        self.using = using

    def count(self, expr: Expr, cap: int) -> int:
        if expr.is_empty:
            return self.document_count()
        where, params = _where(expr)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM search_text AS t WHERE {where} LIMIT %s) s"
        return self._fetch(sql, [*params, cap])[0][0]

    def _matches(self, expr: Expr, limit: int, box=None, offset: int = 0) -> tuple[str, list]:
        if expr.is_empty and box is not None:
            min_lat, min_lon, max_lat, max_lon = box
            sql = (
                "SELECT docid AS id FROM search_doc WHERE latitude BETWEEN %s AND %s "
                "AND longitude BETWEEN %s AND %s LIMIT %s OFFSET %s"
            )
            return sql, [min_lat, max_lat, min_lon, max_lon, limit, offset]
        if expr.is_empty:
            sql = "SELECT docid AS id FROM search_doc ORDER BY docid LIMIT %s OFFSET %s"
            return sql, [limit, offset]
        where, params = _where(expr)
        sql = (
            f"SELECT docid AS id FROM search_text AS t WHERE {where} ORDER BY docid "
            "LIMIT %s OFFSET %s"
        )
        return sql, [*params, limit, offset]

    def _docid_list(self, docids: Sequence[int]) -> tuple[str, list]:
        return "unnest(%s::bigint[]) AS m(id)", [[int(d) for d in docids]]

    def rows(self, docids: Iterable[int], *, texts: bool = False) -> dict[int, Row]:
        docids = list(docids)
        if not docids:
            return {}
        found = {}
        sql = (
            "SELECT docid, object_id, latitude, longitude, rank, published, facets "
            "FROM search_doc WHERE docid = ANY(%s)"
        )
        for row in self._fetch(sql, [docids]):
            found[row[0]] = Row(*row)
        if texts and found:
            columns = ", ".join(SCORED_FIELDS)
            sql = f"SELECT docid, {columns} FROM search_text WHERE docid = ANY(%s)"
            for row in self._fetch(sql, [docids]):
                if row[0] in found:
                    found[row[0]].texts = row[1:]
        return found

    def newest(self, expr: Expr, limit: int, offset: int) -> list[int]:
        if expr.is_empty:
            sql = "SELECT docid FROM search_doc ORDER BY published DESC, docid LIMIT %s OFFSET %s"
            return [row[0] for row in self._fetch(sql, [limit, offset])]
        where, params = _where(expr)
        sql = (
            "SELECT d.docid FROM search_text AS t JOIN search_doc AS d ON d.docid = t.docid "
            f"WHERE {where} ORDER BY d.published DESC, d.docid LIMIT %s OFFSET %s"
        )
        return [row[0] for row in self._fetch(sql, [*params, limit, offset])]

    # --- writes -------------------------------------------------------------------------
    def _insert_index(self, cursor, entries: Sequence[tuple]) -> None:
        if not entries:
            return
        cursor.executemany(
            "INSERT INTO search_text (docid, name, categories, products, tagline, story, terms, "
            f"tags) SELECT v.docid, v.name, v.categories, v.products, v.tagline, v.story, "
            f"{TERMS_SQL.format(p='v.')}, to_tsvector('simple', v.tags) FROM (VALUES "
            "(%s::bigint, %s, %s, %s, %s, %s, %s)) AS v(docid, name, categories, products, "
            "tagline, story, tags)",
            [(docid, *doc.texts, doc.tags) for docid, doc in entries],
        )

    def _delete_index(self, cursor, docids: list[int]) -> None:
        cursor.execute("DELETE FROM search_text WHERE docid = ANY(%s)", [list(docids)])

    def _bulk_index(self, cursor) -> None:
        cursor.execute("DROP INDEX IF EXISTS search_text_terms")
        cursor.execute("DROP INDEX IF EXISTS search_text_tags")
        cursor.execute(
            "INSERT INTO search_text (docid, name, categories, products, tagline, story, terms, "
            f"tags) SELECT d.docid, s.name, s.categories, s.products, s.tagline, s.story, "
            f"{TERMS_SQL.format(p='s.')}, to_tsvector('simple', s.tags) FROM search_stage AS s "
            "JOIN search_doc AS d ON d.source = s.source AND d.object_id = s.object_id"
        )
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("CREATE INDEX search_text_terms ON search_text USING gin (terms)")
        cursor.execute("CREATE INDEX search_text_tags ON search_text USING gin (tags)")
        cursor.execute("ANALYZE search_text")

    def _clear_index(self, cursor) -> None:
        cursor.execute("DELETE FROM search_text")

    def _sequence_reset(self, cursor) -> None:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('search_doc', 'docid'), "
            "COALESCE((SELECT MAX(docid) FROM search_doc), 0) + 1, false)"
        )

    def _bulk_pragmas(self, cursor) -> None:
        """Nothing to tune per connection on PostgreSQL."""


def schema_create(connection) -> None:
    with connection.cursor() as cursor:
        for statement in SCHEMA + SqlBackend.common_schema("postgresql"):
            cursor.execute(statement)


def schema_drop(connection) -> None:
    with connection.cursor() as cursor:
        for statement in DROP + SqlBackend.common_drop():
            cursor.execute(statement)
