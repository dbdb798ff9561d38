"""SQL shared by both backends: the document table, map cells, vocabulary, writes, rebuild."""

import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import connections, transaction

from localiste.search.backends.base import SAME_SPOT_IDS, Expr, MapCell, Row
from localiste.search.backends.terms import TermCounts
from localiste.search.prepare import MAP_MAX_ZOOM, PreparedDocument

# Map cells are precomputed up to this zoom; beyond it a viewport holds few documents and
# is clustered from the spatial index on the fly (see docs/search.md for the figures).
MAP_PRECOMPUTED_MAX_ZOOM = 14
STAGE_COLUMNS = (
    "source", "object_id", "latitude", "longitude", "mx", "my", "rank", "published", "facets",
    "name", "categories", "products", "tagline", "story", "tags",
)  # fmt: skip


def stage_batch(documents: Sequence[PreparedDocument]) -> tuple[list[tuple], TermCounts]:
    """The search_stage rows of `documents` and the document counts of their terms."""
    return [_stage_row(doc) for doc in documents], TermCounts().add(documents)


def _stage_row(doc: PreparedDocument) -> tuple:
    return (
        doc.source, doc.object_id, doc.latitude, doc.longitude, doc.mx, doc.my, doc.rank,
        doc.published, doc.facets, *doc.texts, doc.tags,
    )  # fmt: skip


class SqlBackend:
    """Reads and writes of the plain tables; vendors add the full-text and spatial parts."""

    vendor = ""
    using = "default"
    least, greatest = "min", "max"
    docid_list = "group_concat(d.docid)"

    @staticmethod
    def common_schema(vendor: str) -> list[str]:
        without_rowid = " WITHOUT ROWID" if vendor == "sqlite" else ""
        real = "double precision"
        return [
            "CREATE TABLE IF NOT EXISTS search_map_cell (zoom integer NOT NULL, "
            "x integer NOT NULL, y integer NOT NULL, count integer NOT NULL, "
            f"lat_sum {real} NOT NULL, lon_sum {real} NOT NULL, min_lat {real}, "
            f"min_lon {real}, max_lat {real}, max_lon {real}, docid bigint, "
            f"PRIMARY KEY (zoom, x, y)){without_rowid}",
            "CREATE TABLE IF NOT EXISTS search_term (term varchar(100) PRIMARY KEY, "
            f"count integer NOT NULL, word varchar(100)){without_rowid}",
            "CREATE TABLE IF NOT EXISTS search_meta (key varchar(40) PRIMARY KEY, "
            "value bigint NOT NULL)",
            "CREATE TABLE IF NOT EXISTS search_stage (source varchar(40), object_id bigint, "
            f"latitude {real}, longitude {real}, mx integer, my integer, rank {real}, "
            f"published {real}, facets text, name text, categories text, products text, "
            "tagline text, story text, tags text)",
        ]

    @staticmethod
    def common_drop() -> list[str]:
        return [
            f"DROP TABLE IF EXISTS {table}"
            for table in ("search_map_cell", "search_term", "search_meta", "search_stage")
        ]

    def _fetch(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    # --- reads ----------------------------------------------------------------------------
    def document_count(self, source: str | None = None) -> int:
        if source is None:
            return self._fetch("SELECT count(*) FROM search_doc")[0][0]
        return self._fetch("SELECT count(*) FROM search_doc WHERE source = %s", [source])[0][0]

    def docid_range(self) -> tuple[int, int]:
        """(lowest, highest) docid in use, (0, 0) when the index is empty."""
        # Two subqueries: each is one index probe, where min() and max() together scan.
        sql = "SELECT (SELECT min(docid) FROM search_doc), (SELECT max(docid) FROM search_doc)"
        lowest, highest = self._fetch(sql)[0]
        return lowest or 0, highest or 0

    def object_ids(self, source: str) -> set[int]:
        sql = "SELECT object_id FROM search_doc WHERE source = %s"
        return {row[0] for row in self._fetch(sql, [source])}

    def docids_of(self, source: str, object_ids: Iterable[int]) -> dict[int, int]:
        """{object id: docid} of the given objects that are indexed."""
        object_ids = [int(pk) for pk in object_ids]
        if not object_ids:
            return {}
        marks = ",".join(["%s"] * len(object_ids))
        sql = (
            f"SELECT object_id, docid FROM search_doc WHERE source = %s AND object_id IN ({marks})"
        )
        return dict(self._fetch(sql, [source, *object_ids]))

    def term_counts(self) -> dict[str, int]:
        return self.vocabulary_rows()[0]

    def term_words(self) -> dict[str, str]:
        """{term: the word shown for it} of the vocabulary fields (see vocabulary_rows)."""
        return self.vocabulary_rows()[1]

    def vocabulary_rows(self) -> tuple[dict[str, int], dict[str, str]]:
        """({term: document count}, {term: word shown}) in one read of search_term.

        The word shown is the most frequent form as of the last rebuild; a term first
        written since keeps the first form written (upserts never replace a word). Rows
        from before the column existed have none until `search_rebuild` (`make upgrade`).
        """
        counts, words = {}, {}
        for term, count, word in self._fetch("SELECT term, count, word FROM search_term"):
            counts[term] = count
            if word:
                words[term] = word
        return counts, words

    def docids_for(self, object_ids: Iterable[int]) -> list[int]:
        """The docids of the documents (of any source) of these object ids."""
        ids = [int(pk) for pk in object_ids]
        if not ids:
            return []
        matches, params = self._docid_list(ids)
        sql = f"SELECT d.docid FROM {matches} JOIN search_doc AS d ON d.object_id = m.id"
        return [row[0] for row in self._fetch(sql, params)]

    def term_count(self) -> int:
        return self._fetch("SELECT count(*) FROM search_term")[0][0]

    def generation(self) -> int:
        rows = self._fetch("SELECT value FROM search_meta WHERE key = 'generation'")
        return rows[0][0] if rows else 0

    def map_cell_count(self) -> int:
        return self._fetch("SELECT count(*) FROM search_map_cell")[0][0]

    def orphans_clear(self) -> None:
        """Empty the index structures when the document table is empty (it was flushed)."""
        connection = connections[self.using]
        tables = connection.introspection.table_names()
        if "search_doc" not in tables or "search_map_cell" not in tables:
            return
        if self._fetch("SELECT 1 FROM search_doc LIMIT 1"):
            return
        with connection.cursor() as cursor:
            self._clear_index(cursor)
            for table in ("search_map_cell", "search_term", "search_meta", "search_stage"):
                cursor.execute(f"DELETE FROM {table}")

    # --- incremental writes -------------------------------------------------------------
    def upsert(self, documents: Sequence[PreparedDocument]) -> None:
        """Index `documents`, replacing their previous version (an object keeps its docid)."""
        if not documents:
            return
        with transaction.atomic(using=self.using):
            by_source: dict[str, list[PreparedDocument]] = {}
            for doc in documents:
                by_source.setdefault(doc.source, []).append(doc)
            entries = []
            with connections[self.using].cursor() as cursor:
                for source, docs in by_source.items():
                    self._remove(cursor, source, [doc.object_id for doc in docs], keep=True)
                    known = self.docids_of(source, [doc.object_id for doc in docs])
                    for doc in docs:
                        docid = known.get(doc.object_id)
                        values = (doc.latitude, doc.longitude, doc.mx, doc.my, doc.rank)
                        values += (doc.published, doc.facets)
                        if docid is None:
                            cursor.execute(
                                "INSERT INTO search_doc (source, object_id, latitude, longitude, "
                                "mx, my, rank, published, facets) VALUES "
                                "(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                                [source, doc.object_id, *values],
                            )
                            docid = self.docids_of(source, [doc.object_id])[doc.object_id]
                        else:
                            cursor.execute(
                                "UPDATE search_doc SET latitude = %s, longitude = %s, mx = %s, "
                                "my = %s, rank = %s, published = %s, facets = %s "
                                "WHERE docid = %s",
                                [*values, docid],
                            )
                        entries.append((docid, doc))
                self._insert_index(cursor, entries)
                self._cells_change(cursor, [(docid, d.latitude, d.longitude, d.mx, d.my)
                                            for docid, d in entries], +1)  # fmt: skip
                self._terms_add(cursor, [doc for _, doc in entries])

    def delete(self, source: str, object_ids: Iterable[int]) -> None:
        """Remove the documents of these objects (those not indexed are ignored)."""
        with transaction.atomic(using=self.using), connections[self.using].cursor() as cursor:
            self._remove(cursor, source, list(object_ids), keep=False)

    def _remove(self, cursor, source: str, object_ids: list[int], *, keep: bool) -> None:
        docids = self.docids_of(source, object_ids)
        if not docids:
            return
        marks = ",".join(["%s"] * len(docids))
        old = self._fetch(
            f"SELECT docid, latitude, longitude, mx, my FROM search_doc WHERE docid IN ({marks})",
            list(docids.values()),
        )
        self._delete_index(cursor, list(docids.values()))
        self._cells_change(cursor, old, -1)
        if not keep:
            cursor.execute(
                f"DELETE FROM search_doc WHERE docid IN ({marks})", list(docids.values())
            )

    def _cells_change(self, cursor, points: list[tuple], sign: int) -> None:
        rows = []
        for docid, lat, lon, mx, my in points:
            if mx is None:
                continue
            for zoom in range(MAP_PRECOMPUTED_MAX_ZOOM + 1):
                shift = MAP_MAX_ZOOM - zoom
                rows.append((zoom, mx >> shift, my >> shift, sign, sign * lat, sign * lon,
                             lat, lon, lat, lon, docid if sign > 0 else None))  # fmt: skip
        if not rows:
            return
        least, greatest = self.least, self.greatest
        cursor.executemany(
            "INSERT INTO search_map_cell (zoom, x, y, count, lat_sum, lon_sum, min_lat, "
            "min_lon, max_lat, max_lon, docid) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
            "%s) ON CONFLICT (zoom, x, y) DO UPDATE SET "
            "count = search_map_cell.count + excluded.count, "
            "lat_sum = search_map_cell.lat_sum + excluded.lat_sum, "
            "lon_sum = search_map_cell.lon_sum + excluded.lon_sum, "
            f"min_lat = {least}(search_map_cell.min_lat, excluded.min_lat), "
            f"min_lon = {least}(search_map_cell.min_lon, excluded.min_lon), "
            f"max_lat = {greatest}(search_map_cell.max_lat, excluded.max_lat), "
            f"max_lon = {greatest}(search_map_cell.max_lon, excluded.max_lon), "
            "docid = CASE WHEN search_map_cell.count <= 0 AND excluded.count = 1 "
            "THEN excluded.docid ELSE NULL END",
            rows,
        )

    def _terms_add(self, cursor, documents: Sequence[PreparedDocument]) -> None:
        cursor.executemany(
            "INSERT INTO search_term (term, count, word) VALUES (%s, %s, %s) ON CONFLICT (term) "
            "DO UPDATE SET count = search_term.count + excluded.count, "
            "word = COALESCE(search_term.word, excluded.word)",
            TermCounts().add(documents).rows(),
        )

    # --- rebuild --------------------------------------------------------------------------
    def rebuild(self, batches: Iterable[tuple[list, Counter]], *, progress=None) -> dict:
        """Replace the whole index by `batches` of (stage rows, term counts) from
        `stage_batch`; timings by step (s)."""
        timings, started = {}, time.perf_counter()
        terms = TermCounts()
        connection = connections[self.using]
        with connection.cursor() as cursor:
            self._bulk_pragmas(cursor)
            cursor.execute("DELETE FROM search_stage")
        marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
        insert = f"INSERT INTO search_stage ({', '.join(STAGE_COLUMNS)}) VALUES ({marks})"
        for rows, batch_terms in batches:
            with transaction.atomic(using=self.using), connection.cursor() as cursor:
                cursor.executemany(insert, rows)
            terms.merge(batch_terms)
            if progress is not None:
                progress(len(rows))
        timings["documents"] = time.perf_counter() - started
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            step = time.perf_counter()
            for table in ("search_doc", "search_map_cell", "search_term"):
                cursor.execute(f"DELETE FROM {table}")
            self._clear_index(cursor)
            cursor.execute(
                "INSERT INTO search_doc (docid, source, object_id, latitude, longitude, mx, my, "
                "rank, published, facets) SELECT row_number() OVER (ORDER BY rank DESC, "
                "published DESC, source, object_id), source, object_id, latitude, longitude, "
                "mx, my, rank, published, facets FROM search_stage"
            )
            self._sequence_reset(cursor)
            timings["table"] = time.perf_counter() - step
            step = time.perf_counter()
            self._bulk_index(cursor)
            timings["full_text_and_spatial"] = time.perf_counter() - step
            step = time.perf_counter()
            for zoom in range(MAP_PRECOMPUTED_MAX_ZOOM + 1):
                shift = MAP_MAX_ZOOM - zoom
                cursor.execute(
                    "INSERT INTO search_map_cell (zoom, x, y, count, lat_sum, lon_sum, min_lat, "
                    "min_lon, max_lat, max_lon, docid) SELECT %s, mx / %s, my / %s, count(*), "
                    "sum(latitude), sum(longitude), min(latitude), min(longitude), "
                    "max(latitude), max(longitude), CASE WHEN count(*) = 1 THEN min(docid) END "
                    "FROM search_doc WHERE mx IS NOT NULL GROUP BY mx / %s, my / %s",
                    [zoom, 1 << shift, 1 << shift, 1 << shift, 1 << shift],
                )
            timings["map_cells"] = time.perf_counter() - step
            cursor.executemany(
                "INSERT INTO search_term (term, count, word) VALUES (%s, %s, %s)", terms.rows()
            )
            cursor.execute("DELETE FROM search_stage")
            generation = self.generation() + 1
            cursor.execute("DELETE FROM search_meta WHERE key = 'generation'")
            cursor.execute(
                "INSERT INTO search_meta (key, value) VALUES ('generation', %s)", [generation]
            )
        timings["total"] = time.perf_counter() - started
        return timings

    def _sequence_reset(self, cursor) -> None:
        """After explicit docids, new documents continue after the highest (SQLite does it)."""

    # vendor parts
    def _insert_index(self, cursor, entries) -> None: ...
    def _delete_index(self, cursor, docids) -> None: ...
    def _bulk_index(self, cursor) -> None: ...
    def _clear_index(self, cursor) -> None: ...
    def _bulk_pragmas(self, cursor) -> None: ...

    def count(self, expr: Expr, cap: int) -> int: ...
    def rows(self, docids, *, texts: bool = False) -> dict[int, Row]: ...

    def _matches(self, expr: Expr, limit: int, box=None, offset: int = 0) -> tuple[str, list]:
        """SQL selecting `id`: matches of `expr` in docid order (`limit` of them after
        `offset`); for an empty `expr` with a `box` (min lat, min lon, max lat, max lon),
        documents located in it, read from the spatial index in its own order."""
        raise NotImplementedError

    def docids(self, expr: Expr, limit: int, offset: int = 0) -> list[int]:
        """Docids of the matches of `expr`, best static rank first (see `_matches`)."""
        sql, params = self._matches(expr, limit, offset=offset)
        return [row[0] for row in self._fetch(sql, params)]

    def points(self, expr: Expr, limit: int, box=None) -> list[tuple[int, float, float]]:
        """(docid, lat, lon) of the first `limit` matches (see `_matches`) that are located."""
        matches, params = self._matches(expr, limit, box)
        sql = (
            f"SELECT d.docid, d.latitude, d.longitude FROM ({matches}) AS m "
            "JOIN search_doc AS d ON d.docid = m.id WHERE d.latitude IS NOT NULL"
        )
        return self._fetch(sql, params)

    def match_cells(self, expr: Expr, box, zoom: int, limit: int) -> list[MapCell]:
        """The map cells at `zoom` of the first `limit` matches of `expr` that lie in `box`,
        aggregated by the database (see `_matches`; an empty `expr` reads the box)."""
        matches, params = self._matches(expr, limit, box)
        return self._cells(f"({matches}) AS m", params, box, zoom)

    def docid_cells(self, docids: Sequence[int], box, zoom: int) -> list[MapCell]:
        """The map cells at `zoom` of the documents `docids` that lie in `box`."""
        if not docids:
            return []
        matches, params = self._docid_list(docids)
        return self._cells(matches, params, box, zoom)

    def _docid_list(self, docids: Sequence[int]) -> tuple[str, list]:
        """A table `m` of one column `id` holding `docids` (SQL and its parameters)."""
        ids = json.dumps([int(docid) for docid in docids])
        return "(SELECT value AS id FROM json_each(%s)) AS m", [ids]

    def _cells(self, matches: str, params: list, box, zoom: int) -> list[MapCell]:
        size = 1 << (MAP_MAX_ZOOM - min(zoom, MAP_MAX_ZOOM))  # no finer cells than mx/my
        sql = (
            f"SELECT d.mx / {size}, d.my / {size}, count(*), avg(d.latitude), "
            "avg(d.longitude), min(d.latitude), min(d.longitude), max(d.latitude), "
            "max(d.longitude), CASE WHEN count(*) = 1 THEN min(d.docid) END, "
            f"CASE WHEN count(*) <= {SAME_SPOT_IDS} AND min(d.latitude) = max(d.latitude) "
            f"AND min(d.longitude) = max(d.longitude) THEN {self.docid_list} END "
            f"FROM {matches} JOIN search_doc AS d ON d.docid = m.id "
            "WHERE d.mx IS NOT NULL AND d.latitude BETWEEN %s AND %s "
            "AND d.longitude BETWEEN %s AND %s GROUP BY 1, 2"
        )
        params = [*params, box[0], box[2], box[1], box[3]]
        return [
            MapCell(*row[:10], docids=tuple(sorted(int(d) for d in row[10].split(","))))
            if row[10]
            else MapCell(*row[:10])
            for row in self._fetch(sql, params)
        ]

    def map_cells(self, zoom: int, x_range, y_range, limit: int) -> list[MapCell]:
        """Precomputed cells of `zoom` within the x/y ranges (non-empty ones), at most `limit`."""
        sql = (
            "SELECT x, y, count, lat_sum / count, lon_sum / count, min_lat, min_lon, max_lat, "
            "max_lon, docid FROM search_map_cell WHERE zoom = %s AND x BETWEEN %s AND %s "
            "AND y BETWEEN %s AND %s AND count > 0 LIMIT %s"
        )
        params = [zoom, x_range[0], x_range[1], y_range[0], y_range[1], limit]
        return [MapCell(*row) for row in self._fetch(sql, params)]
