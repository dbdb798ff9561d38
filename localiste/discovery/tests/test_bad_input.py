"""Whatever a visitor or a client types, search and map answer without a server error."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from(
    [
        '"',
        "'",
        "*",
        "NEAR(",
        "-",
        ":",
        "AND",
        "OR",
        "NOT",
        "(",
        ")",
        "^",
        "\\",
        "%",
        "_",
        "🪵",
        "👩🏽‍🎨",
        "\x00",
        "é",
        "bijoux",
        "chêne",
        " ",
        "x" * 2000,
    ]
)
TEXT = st.one_of(st.text(max_size=60), st.lists(NASTY, max_size=8).map(" ".join))
NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "abc", "1e400", "-0", "10000", "25"]),
)
SLUG = st.one_of(st.sampled_from(["", "licornes", "bijoux", "../..", "a" * 500]), TEXT)
BBOX = st.one_of(
    st.lists(NUMBER, min_size=0, max_size=5).map(",".join),
    st.just("-1,44,0,45"),
    TEXT,
)

PAGE_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": TEXT,
        "categorie": SLUG,
        "lieu": TEXT,
        "rayon": NUMBER,
        "lat": NUMBER,
        "lon": NUMBER,
        "label": SLUG,
        "services": SLUG,
        "territoire": SLUG,
        "tri": st.one_of(st.sampled_from(["relevance", "nearest", "distance", "newest"]), TEXT),
        "ouvert": st.one_of(st.sampled_from(["1", "0"]), TEXT),
        "page": NUMBER,
    },
)
API_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": TEXT,
        "category": SLUG,
        "near": TEXT,
        "radius_km": NUMBER,
        "lat": NUMBER,
        "lon": NUMBER,
        "label": SLUG,
        "services": SLUG,
        "sort": TEXT,
        "open_now": st.one_of(st.sampled_from(["true", "false"]), TEXT),
        "page": NUMBER,
        "page_size": NUMBER,
        "bbox": BBOX,
        "zoom": NUMBER,
    },
)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _clean(params: dict) -> dict:
    # The test client cannot send NUL in a URL; the readers still strip it from decoded input.
    return {name: value.replace("\x00", "") for name, value in params.items()}


@SETTINGS
@given(params=PAGE_PARAMS, htmx=st.booleans(), english=st.booleans())
def test_the_search_page_never_fails(makers, params, htmx, english):
    headers = {"HX-Request": "true"} if htmx else {}
    prefix = "/en" if english else ""
    response = Client().get(f"{prefix}/recherche/", _clean(params), headers=headers)
    assert response.status_code == 200


@SETTINGS
@given(params=PAGE_PARAMS)
def test_the_map_page_and_suggestions_never_fail(makers, params):
    assert Client().get("/carte/", _clean(params)).status_code == 200
    suggestions = Client().get("/recherche/suggestions/", {"q": _clean(params).get("q", "")})
    assert suggestions.status_code == 200


@SETTINGS
@given(params=API_PARAMS)
def test_the_search_api_answers_or_refuses_clearly(makers, params):
    response = Client().get("/api/v1/search", _clean(params))
    assert response.status_code in {200, 400, 422}
    assert response.json().get("detail") or response.status_code == 200


@SETTINGS
@given(params=API_PARAMS)
def test_the_map_api_answers_or_refuses_clearly(makers, params):
    response = Client().get("/api/v1/map", _clean(params))
    assert response.status_code in {200, 400, 422}
    if response.status_code == 200:
        assert len(response.json()["features"]) <= 500
