"""CORS on /api/v1/: any origin may read with GET and HEAD; nothing else is allowed."""

import pytest

pytestmark = pytest.mark.django_db

ORIGIN = "https://mairie.example"


@pytest.mark.parametrize("method", ["get", "head"])
def test_reads_are_open_to_any_origin_without_credentials(client, makers, method):
    response = getattr(client, method)("/api/v1/search", {"q": "bijoux"}, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "Retry-After" in response["Access-Control-Expose-Headers"]


def test_errors_are_readable_cross_origin_too(client):
    response = client.get("/api/v1/makers/nobody-here", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("asked", ["GET", "HEAD"])
def test_a_preflight_for_a_read_is_allowed(client, asked):
    response = client.options(
        "/api/v1/search", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD=asked
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert int(response["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("asked", ["POST", "PUT", "DELETE", "PATCH"])
def test_a_preflight_for_a_write_gets_no_allow_header(client, asked):
    response = client.options(
        "/api/v1/search", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD=asked
    )
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert not [name for name in response.headers if name.startswith("Access-Control-")]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_a_write_is_refused_without_allow_headers(client, method):
    response = getattr(client, method)("/api/v1/search", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 405
    assert not [name for name in response.headers if name.startswith("Access-Control-")]


def test_the_openapi_document_is_readable_cross_origin(client):
    response = client.get("/api/v1/openapi.json", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
