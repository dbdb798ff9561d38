"""The OpenAPI document declares every error the API answers, and real answers match it.

A client generated from /api/v1/openapi.json (or a fuzzer reading it) learns there which
refusals each endpoint can give and what their bodies look like.
"""

import jsonschema
import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

# The error statuses each operation can answer (200 aside).
EXPECTED_ERRORS = {
    # not understood (unknown category…); an unknown sort (422, from its enum); throttled
    ("get", "/api/v1/search"): {400, 422, 429},
    ("get", "/api/v1/map"): {400, 422, 429},  # bbox and zoom are required (422 without)
    ("get", "/api/v1/makers/{slug}"): {404, 429},
    ("get", "/api/v1/categories"): {429},
    ("get", "/api/v1/places"): {422, 429},  # limit is a whole number from 1 to 20
}
# One request per operation that it answers with 200.
SAMPLES = {
    ("get", "/api/v1/search"): ("/api/v1/search", {"q": "bijoux", "lat": "44.84", "lon": "-0.6"}),
    ("get", "/api/v1/map"): ("/api/v1/map", {"bbox": "-2,44,0,46", "zoom": "9"}),
    ("get", "/api/v1/makers/{slug}"): None,  # the slug comes from the fixture
    ("get", "/api/v1/categories"): ("/api/v1/categories", {}),
    ("get", "/api/v1/places"): ("/api/v1/places", {"q": "meri"}),
}


@pytest.fixture
def openapi(client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def operations(openapi: dict):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            yield (method, path), operation


def assert_matches_declaration(openapi: dict, operation: tuple[str, str], response) -> None:
    """`response` has a status, and a JSON body of the schema, that `operation` declares."""
    method, path = operation
    declared = openapi["paths"][path][method]["responses"]
    assert str(response.status_code) in declared, (operation, response.status_code)
    schema = declared[str(response.status_code)]["content"]["application/json"]["schema"]
    # The components travel with the schema so that its "#/components/…" references resolve.
    document = {**schema, "components": openapi["components"]}
    jsonschema.Draft202012Validator(document).validate(response.json())


def test_every_operation_declares_the_errors_it_can_answer(openapi):
    declared = {
        operation: {int(status) for status in spec["responses"] if status != "200"}
        for operation, spec in operations(openapi)
    }
    assert declared == EXPECTED_ERRORS
    for operation, spec in operations(openapi):
        for status, response in spec["responses"].items():
            assert "application/json" in response["content"], (operation, status)
        assert "Retry-After" in spec["responses"]["429"]["headers"], operation


def test_successful_answers_match_their_schemas(client, openapi, makers):
    samples = {
        **SAMPLES,
        ("get", "/api/v1/makers/{slug}"): (f"/api/v1/makers/{makers['near'].slug}", {}),
    }
    assert set(samples) == set(EXPECTED_ERRORS)
    for operation, (url, params) in samples.items():
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.content)
        assert_matches_declaration(openapi, operation, response)


@pytest.mark.parametrize(
    ("operation", "url", "params", "status"),
    [
        (("get", "/api/v1/search"), "/api/v1/search", {"category": "nope"}, 400),
        (("get", "/api/v1/map"), "/api/v1/map", {"bbox": "1,2,3", "zoom": "5"}, 400),
        (("get", "/api/v1/map"), "/api/v1/map", {"zoom": "5"}, 422),
        (("get", "/api/v1/makers/{slug}"), "/api/v1/makers/nobody", {}, 404),
        (("get", "/api/v1/places"), "/api/v1/places", {"limit": "many"}, 422),
        (("get", "/api/v1/places"), "/api/v1/places", {"limit": "99"}, 422),
    ],
)
def test_refusals_match_their_schemas(client, openapi, makers, operation, url, params, status):
    response = client.get(url, params, headers={"accept-language": "en"})
    assert response.status_code == status, response.content
    assert_matches_declaration(openapi, operation, response)
    assert response.json()["detail"]


def test_a_place_not_found_comes_with_the_suggestions_the_schema_announces(client, openapi, makers):
    response = client.get("/api/v1/search", {"near": "Mérig"})
    assert response.status_code == 400
    assert_matches_declaration(openapi, ("get", "/api/v1/search"), response)
    assert "Mérignac" in response.json()["place_suggestions"]


def test_an_unknown_maker_is_a_404_in_the_clients_language(client):
    english = client.get("/api/v1/makers/nobody", headers={"accept-language": "en"})
    french = client.get("/api/v1/makers/nobody", headers={"accept-language": "fr"})
    assert english.status_code == french.status_code == 404
    assert english.json()["detail"].startswith("The address may be mistyped")
    assert french.json()["detail"].startswith("L'adresse")


def test_every_operation_throttles_with_the_declared_body_and_retry_after(
    client, openapi, makers, settings
):
    settings.API_ANON_RATE = "1/m"
    cache.clear()
    assert client.get("/api/v1/categories").status_code == 200
    samples = {
        **SAMPLES,
        ("get", "/api/v1/makers/{slug}"): (f"/api/v1/makers/{makers['near'].slug}", {}),
    }
    for operation, (url, params) in samples.items():
        response = client.get(url, params)
        assert response.status_code == 429, url
        assert_matches_declaration(openapi, operation, response)
        assert int(response["Retry-After"]) >= 1
