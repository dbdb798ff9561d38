"""The search engine: a SearchQuery in, ranked ids with distances, totals and facets out.

How candidates are produced and cut (figures in docs/search.md):
- FTS matches come in docid order, and docids follow the static rank, so the best-ranked
  matches are a LIMIT; relevance then re-ranks a window of them by field weights.
- A place turns into cover-cell tokens ANDed with the text, so only the documents of the
  cells around the circle are read; nearest-first grows the circle ring by ring.
- Totals and facets are exact up to EXACT_LIMIT matches (NEAR_EXACT_LIMIT with a place,
  where each match's coordinates are read), estimated beyond.
"""

import math
from collections import Counter
from dataclasses import replace

from localiste.search import geo
from localiste.search.analysis import group_patterns as _group_patterns
from localiste.search.analysis import query_terms
from localiste.search.backends import Expr, backend_for
from localiste.search.documents import FIELD_WEIGHTS
from localiste.search.filters import match_expr
from localiste.search.query import SearchHit, SearchQuery, SearchResult, Sort
from localiste.search.vocabulary import vocabulary

EXACT_LIMIT = 5000  # up to this many matches, totals and facets are exact
NEAR_EXACT_LIMIT = 600  # the same with a place (each match's coordinates are read)
FACET_EXACT_LIMIT = 1000  # facets are counted over every match up to this many
FACET_SAMPLE = 500  # facets of larger result sets are scaled from this many nearest
RING_POINTS = 600  # most points read for one ring (the best-ranked, when more lie in it)
MIN_RING_KM = 0.5
WINDOW = 200  # relevance re-ranks the first WINDOW matches (in static-rank order)…
NAME_WINDOW = 100  # …plus the first NAME_WINDOW whose name matches (one-word queries)…
GOODS_WINDOW = 100  # …plus the first GOODS_WINDOW with the words in categories or products
GOODS_COLUMNS = ("categories", "products")
# What a maker makes counts more than what it is called: a word in the categories scores
# 1, in the products 0.8 (G); text = GOODS_SHARE × G + (1 − GOODS_SHARE) × field weights (W).
GOODS_CATEGORY, GOODS_PRODUCT, GOODS_SHARE = 1.0, 0.8, 0.6
# Words that belong together: + TOGETHER when one field holds every word of the query (the
# products of an oak-table maker), over words scattered across fields ("table" in a lamp
# category, "chêne" in a mirror).
TOGETHER = 0.1
# A word found only as what the visitor may be typing ("velours" for "vélo") counts for
# WIDENED of the word itself in G and W.
WIDENED = 0.5
NEAREST_GOOD_SHARE = 0.5  # nearest-first: "good" = text ≥ half the best candidate's text
GEO_CANDIDATES = 100  # with a place, relevance re-ranks the nearest GEO_CANDIDATES
RINGS_KM = (2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 20000)
DISTANCE_SCALE_KM = 10.0  # a result 10 km away counts half as much as one next door
MAX_LIMIT, MAX_OFFSET, MAX_RADIUS_KM = 100, 10_000, 1000.0
WEIGHTS = tuple(FIELD_WEIGHTS.values())  # name first, then decreasing: first hit is best
STORY_WEIGHT = FIELD_WEIGHTS["story"]


def _finite(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def sanitise(query: SearchQuery) -> SearchQuery:
    """`query` with every number clamped to what the engine serves."""
    lat, lon = _finite(query.latitude), _finite(query.longitude)
    if lat is None or lon is None:
        lat = lon = None
    else:
        lat, lon = geo.clamp_latitude(lat), geo.clamp_longitude(lon)
    radius = _finite(query.radius_km)
    if radius is not None:
        radius = min(MAX_RADIUS_KM, max(0.1, radius))
    return replace(
        query,
        text=str(query.text or "")[:200],
        latitude=lat,
        longitude=lon,
        radius_km=radius if lat is not None else None,
        offset=min(MAX_OFFSET, max(0, int(query.offset or 0))),
        limit=min(MAX_LIMIT, max(1, int(query.limit or 20))),
    )


def search(query: SearchQuery, *, using: str = "default") -> SearchResult:
    """The page of hits of `query`, with total, facets and the words really searched."""
    query = sanitise(query)
    backend = backend_for(using)
    terms = query_terms(query.text, vocabulary=vocabulary(backend))
    expr = match_expr(backend, terms.groups, query.filters)
    result = SearchResult(
        hits=[], total=0, corrected_terms=terms.corrected, term_groups=tuple(terms.groups)
    )
    if expr is None:
        return result
    # One pass over the matches gives the count, the window and the facets' rows when
    # there are few; only larger result sets are read again (window, estimate). With a
    # place, that pass reads the matches' coordinates too.
    matches = _first_matches(backend, query, expr)
    matched_all = True
    if not matches and len(expr.groups) > 1:
        expr = replace(expr, any_word=True)
        matches = _first_matches(backend, query, expr)
        matched_all = not matches
    result.matched_all_words = matched_all
    if not matches:
        return result
    if query.has_point:
        _search_near(backend, query, expr, matches, result)
    else:
        _search_anywhere(backend, query, expr, matches, result)
    return result


def _first_matches(backend, query: SearchQuery, expr: Expr) -> list:
    """The first EXACT_LIMIT + 1 docids, or with a place the first NEAR_EXACT_LIMIT + 1
    (docid, lat, lon) near it."""
    if not query.has_point:
        return backend.docids(expr, EXACT_LIMIT + 1)
    if query.radius_km is None:
        return backend.points(expr, NEAR_EXACT_LIMIT + 1)
    lat, lon = query.latitude, query.longitude
    return _points_near(backend, expr, lat, lon, query.radius_km, NEAR_EXACT_LIMIT + 1)


def _text_score(patterns, texts, any_word: bool = False) -> float:
    """0.6 × G + 0.4 × W + 0.1 × T, each 0–1 (quoted in docs/search.md).

    G, the goods: the mean over query words of 1 when the categories hold the word, 0.8
    when the products do, else 0. W, the fields: Σ over query words of the weight of the
    best field holding it, scaled to 0–1. A word the best field holds only as a completion
    of the last word counts for WIDENED in both. T, together: 1 when the query has several
    words and one field holds them all. Only the short fields are read: a word that
    matched but is in none of them is in the story (all-words mode), so the story's weight
    is implied rather than read.
    """
    if not patterns:
        return 0.0
    texts = (*texts, "", "", "", "")[: len(WEIGHTS) - 1]
    weighted = goods = 0.0
    together = [True] * len(texts)
    for pattern in patterns:
        # Per field: 1 when it holds the word, WIDENED when only as a completion, else 0.
        found, exact = pattern.found, pattern.exact
        held = [
            0.0
            if not text or found.search(text) is None
            else WIDENED
            if exact is not None and exact.search(text) is None
            else 1.0
            for text in texts
        ]
        # Fields come by decreasing weight: the first hit is the best.
        best = next((field for field, share in enumerate(held) if share), None)
        if best is None:
            weighted += 0.0 if any_word else STORY_WEIGHT
        else:
            weighted += held[best] * WEIGHTS[best]
        goods += GOODS_CATEGORY * held[1] if held[1] else GOODS_PRODUCT * held[2]
        together = [both and share > 0 for both, share in zip(together, held, strict=True)]
    words = len(patterns)
    score = GOODS_SHARE * goods / words + (1 - GOODS_SHARE) * weighted / (WEIGHTS[0] * words)
    return score + TOGETHER * (words > 1 and any(together))


def relevance(text_score: float, rank: float, distance_km: float | None) -> float:
    """(text + 0.1 × static rank) ÷ (1 + distance / 10 km) — quoted in docs/search.md."""
    score = text_score + 0.1 * rank
    if distance_km is not None:
        score /= 1 + distance_km / DISTANCE_SCALE_KM
    return score


def _score(expr: Expr, patterns, row, distance: float | None) -> float:
    return relevance(_text_score(patterns, row.texts, expr.any_word), row.rank, distance)


def _facets(rows, scale: float = 1.0) -> dict[str, dict[int | str, int]]:
    """{facet: {value: count}} over `rows` (counted in C: one join, one split, one Counter)."""
    prefixes = {"c": "category", "l": "label", "s": "service", "t": "territory"}
    counts = {name: {} for name in prefixes.values()}
    tokens = Counter(" ".join(row.facets for row in rows).split())
    for token, count in tokens.most_common():
        name = prefixes.get(token[0])
        if name is not None:
            value = token[1:] if name == "service" else int(token[1:])
            counts[name][value] = max(1, round(count * scale))
    return counts


def _search_anywhere(backend, query: SearchQuery, expr: Expr, matches, result) -> None:
    total = len(matches)
    exact = total <= EXACT_LIMIT
    result.total, result.total_is_exact = total, exact
    if not exact:
        result.total = _estimated_count(backend, expr, nth=matches[EXACT_LIMIT])
    needed = query.offset + query.limit
    window = matches[:WINDOW]
    if query.sort == Sort.NEWEST:
        page = backend.newest(expr, query.limit, query.offset)
        rows = backend.rows(page)
        result.hits = [SearchHit(rows[d].object_id, 0.0) for d in page if d in rows]
    elif needed > WINDOW:
        # Deep pages follow the static rank only: nobody reads page 26 for relevance.
        page = backend.docids(expr, query.limit, query.offset)
        rows = backend.rows(page)
        result.hits = [SearchHit(rows[d].object_id, rows[d].rank) for d in page if d in rows]
    else:
        candidates = window
        if expr.groups and total > WINDOW:
            # Beyond the window, the best holders of the words in categories or products
            # (what relevance favours); for single words also in names (with several,
            # intersecting posting lists just to find names costs more than it brings).
            extra = backend.docids(replace(expr, columns=GOODS_COLUMNS), GOODS_WINDOW)
            if len(expr.groups) == 1:
                extra += backend.docids(replace(expr, columns=("name",)), NAME_WINDOW)
            candidates = list(dict.fromkeys([*window, *extra]))
        rows = backend.rows(candidates, texts=bool(expr.groups))
        patterns = _group_patterns(expr.groups)
        scored = sorted(
            ((_score(expr, patterns, r, None), r.docid, r) for r in rows.values()),
            key=lambda item: (-item[0], item[1]),
        )
        result.hits = [
            SearchHit(r.object_id, round(s, 6)) for s, _, r in scored[query.offset : needed]
        ]
    if query.with_facets:
        exact = result.total <= FACET_EXACT_LIMIT
        if exact:
            sample = backend.rows(matches).values()
        else:
            sample = [rows[d] for d in window if d in rows] or backend.rows(window).values()
        _facets_set(result, sample, exact)


def _facets_set(result, rows, exact: bool) -> None:
    rows = list(rows)
    result.facets_are_exact = exact
    result.facets = _facets(rows, 1.0 if exact else result.total / max(1, len(rows)))


def _search_near(backend, query: SearchQuery, expr, points, result) -> None:
    """`points`: the first NEAR_EXACT_LIMIT + 1 matches near the place, with coordinates."""
    lat, lon, radius = query.latitude, query.longitude, query.radius_km
    limit_km = radius if radius is not None else math.inf
    # Nearest-first without words (a category, filters only) is plain distance.
    by_distance = query.sort == Sort.DISTANCE or (query.sort == Sort.NEAREST and not expr.groups)
    needed = query.offset + query.limit
    wanted = needed if by_distance else max(GEO_CANDIDATES, needed)
    exact = len(points) <= NEAR_EXACT_LIMIT
    if exact:
        near = _within(points, lat, lon, limit_km)
        result.total, result.total_is_exact = len(near), True
    else:
        # The first pass read matches in docid order, unless the spatial index answered.
        nth = None if expr.is_empty else max(docid for docid, _, _ in points)
        estimate = _estimate_in_radius(backend, expr, query, nth)
        # Nearest first: the first matches (in static-rank order, so spread like all of
        # them) tell how far out twice the matches wanted lie; read that circle, and grow
        # it while it holds too few.
        sample = sorted(km for km, _ in _within(points, lat, lon, limit_km))
        for ring in _rings(limit_km, wanted, estimate, sample):
            points = _points_near(backend, expr, lat, lon, ring, RING_POINTS)
            near = _within(points, lat, lon, min(ring, limit_km))
            if len(near) >= wanted or ring >= limit_km:
                break
        result.total, result.total_is_exact = max(estimate, len(near)), False
    near.sort()
    if by_distance:
        page = near[query.offset : needed]
        rows = backend.rows(d for _, d in page)
        result.hits = [
            SearchHit(rows[d].object_id, 0.0, round(km, 3)) for km, d in page if d in rows
        ]
    else:
        candidates = near[: max(GEO_CANDIDATES, needed)]
        rows = backend.rows((d for _, d in candidates), texts=bool(expr.groups))
        patterns = _group_patterns(expr.groups)
        if query.sort == Sort.NEAREST:
            scored = _nearest_good_first(expr, patterns, rows, candidates)
        else:
            scored = sorted(
                ((_score(expr, patterns, rows[d], km), km, d) for km, d in candidates if d in rows),
                key=lambda item: (-item[0], item[1], item[2]),
            )
        result.hits = [
            SearchHit(rows[d].object_id, round(s, 6), round(km, 3))
            for s, km, d in scored[query.offset : needed]
        ]
    if query.with_facets and near:
        exact = exact and len(near) <= FACET_EXACT_LIMIT
        sample = near if exact else near[:FACET_SAMPLE]
        _facets_set(result, backend.rows(d for _, d in sample).values(), exact)


def _nearest_good_first(expr: Expr, patterns, rows, candidates) -> list[tuple]:
    """(score, km, docid) of `candidates` (nearest first): of the GEO_CANDIDATES nearest,
    those whose text score is at least NEAREST_GOOD_SHARE of the best one's by distance,
    then the others by distance; then any further candidates by distance.

    The threshold and the reordering only ever involve the same GEO_CANDIDATES nearest,
    whatever page is asked, so pages never overlap nor skip a result.
    """
    texts = {
        d: _text_score(patterns, rows[d].texts, expr.any_word) for _, d in candidates if d in rows
    }
    head = [(km, d) for km, d in candidates[:GEO_CANDIDATES] if d in texts]
    threshold = NEAREST_GOOD_SHARE * max((texts[d] for _, d in head), default=0.0)
    ordered = [(km, d) for _, km, d in sorted((texts[d] < threshold, km, d) for km, d in head)]
    ordered += [(km, d) for km, d in candidates[GEO_CANDIDATES:] if d in texts]
    return [(relevance(texts[d], rows[d].rank, km), km, d) for km, d in ordered]


def _rings(limit_km: float, wanted: int, estimate: int, sample: list[float]) -> list[float]:
    """Radii (km) to read in turn for the `wanted` nearest of about `estimate` matches,
    given the sorted distances of a `sample` of them; the last is `limit_km`."""
    if math.isinf(limit_km):
        return list(RINGS_KM)
    share = min(1.0, 2 * wanted / max(1, estimate))
    rank = math.ceil(share * len(sample))
    ring = sample[rank - 1] * 1.25 if 0 < rank < len(sample) else limit_km
    rings, ring = [], max(MIN_RING_KM, ring)
    while ring < limit_km:
        rings.append(ring)
        ring *= 2
    return [*rings, limit_km]


def _points_near(backend, expr: Expr, lat: float, lon: float, km: float, limit: int):
    """Up to `limit` (docid, lat, lon) matching `expr` in the box around a `km` circle.

    Without words or filters the spatial index answers; otherwise the text is ANDed with
    the cover cells of the box.
    """
    box = geo.bbox_around(lat, lon, min(km, 20000))
    if expr.is_empty:
        return backend.points(expr, limit, box=box)
    cover = geo.box_cover(box)
    return backend.points(expr.with_tags(cover) if cover else expr, limit)


def _within(points, lat: float, lon: float, limit_km: float) -> list[tuple[float, int]]:
    """[(distance km, docid)] of the points within `limit_km`."""
    found = []
    cos_lat = math.cos(math.radians(lat))
    for docid, p_lat, p_lon in points:
        # An equirectangular pre-check skips the haversine for points clearly too far.
        rough = geo.KM_PER_DEGREE * math.hypot(p_lat - lat, (p_lon - lon) * cos_lat)
        if rough > limit_km * 1.01 + 1:
            continue
        km = geo.distance_km(lat, lon, p_lat, p_lon)
        if km <= limit_km:
            found.append((km, docid))
    return found


def _estimated_count(backend, expr: Expr, known: int = EXACT_LIMIT, nth: int | None = None) -> int:
    """About how many documents match `expr`, known to be more than `known`.

    Docids follow the static rank, which has nothing to do with the words, so matches are
    spread evenly over the docids: the docid of the (known + 1)th match (`nth`, read here
    unless the caller has it) tells the share of all documents that match. Two cheap
    reads instead of counting every match.
    """
    if nth is None:
        found = backend.docids(expr, 1, known)
        nth = found[0] if found else None
    lowest, highest = backend.docid_range()
    if not nth or not highest or nth < lowest:
        return known + 1
    return max(known + 1, round((known + 1) * (highest - lowest + 1) / (nth - lowest + 1)))


def _estimate_in_radius(backend, expr: Expr, query: SearchQuery, nth: int | None) -> int:
    """Matches in the circle: those of the covering cells × circle area / cells area.

    `nth`: the docid of the (NEAR_EXACT_LIMIT + 1)th match in the cells, when known.
    """
    if query.radius_km is None:
        return _estimated_count(backend, expr, NEAR_EXACT_LIMIT, nth)
    box = geo.bbox_around(query.latitude, query.longitude, query.radius_km)
    cover = geo.box_cover(box)
    if not cover:
        return _estimated_count(backend, expr, NEAR_EXACT_LIMIT, nth)
    in_cells = _estimated_count(backend, expr.with_tags(cover), NEAR_EXACT_LIMIT, nth)
    cells_area = sum(geo.cell_area_km2(token) for token in cover)
    circle = math.pi * query.radius_km**2
    return round(in_cells * min(1.0, circle / cells_area)) if cells_area else in_cells


def suggest(prefix: str, *, limit: int = 6, using: str = "default") -> list[int]:
    """Ids of up to `limit` documents whose name has words starting as typed (best first)."""
    backend = backend_for(using)
    # Names as typed: no synonyms ("poterie" suggests no "Céramiques …").
    text = str(prefix or "")[:100].rstrip()
    terms = query_terms(text, vocabulary=vocabulary(backend), with_synonyms=False)
    if not terms.groups:
        return []
    expr = Expr(groups=tuple(terms.groups), columns=("name",))
    docids = backend.docids(expr, max(1, min(20, int(limit))))
    rows = backend.rows(docids)
    return [rows[d].object_id for d in docids if d in rows]
