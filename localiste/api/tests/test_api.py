"""The public API: search, map, one maker, categories, places, docs, errors and throttling."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_returns_results_with_distance_and_facets(client, makers):
    response = client.get(
        "/api/v1/search", {"q": "bijoux", "near": "Mérignac", "radius_km": 50, "sort": "distance"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [hit["name"] for hit in body["results"]] == ["Bijoux de la Lune", "Bijoux du Bassin"]
    assert body["results"][0]["distance_km"] < body["results"][1]["distance_km"]
    assert body["count"] == 2 and body["page"] == 1
    assert body["facets"]["category"]["t-bijoux"] == 2


def test_search_clamps_page_size_and_pages(client, makers):
    body = client.get("/api/v1/search", {"page_size": 500}).json()
    assert body["page_size"] == 50
    assert [notice["code"] for notice in body["notices"]] == ["page_size_clamped"]
    body = client.get("/api/v1/search", {"page": 10000}).json()
    assert body["page"] == body["pages"] == 1


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"category": "licornes"}, "unknown_category"),
        ({"near": "Nulle-Part-Sur-Mer"}, "place_not_found"),
    ],
)
def test_search_refuses_what_it_cannot_understand(client, makers, params, code):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == code
    assert response.json()["detail"]


def test_out_of_range_coordinates_are_a_400_with_a_readable_message(client):
    # The API reads its parameters with the search page's parser: the same message, in the
    # request's language, whichever way the search came in.
    response = client.get("/api/v1/search", {"lat": 123, "lon": 2}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "bad_coordinates"
    assert "latitude goes from -90 to 90" in response.json()["detail"]


def test_map_returns_geojson(client, makers):
    response = client.get("/api/v1/map", {"bbox": "-2,44,0,45.5", "zoom": 14, "q": "bijoux"})
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    names = {feature["properties"].get("name") for feature in collection["features"]}
    assert {"Bijoux de la Lune", "Bijoux du Bassin"} <= names
    assert sum(feature["properties"]["count"] for feature in collection["features"]) == 2


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "5,5,1,1"])
def test_map_refuses_a_bad_bbox(client, bbox):
    response = client.get("/api/v1/map", {"bbox": bbox, "zoom": 5})
    assert response.status_code == 400
    assert "bbox" in response.json()["detail"]


def test_one_maker_hides_the_street_of_a_maker_showing_their_town_only(client, makers):
    body = client.get(f"/api/v1/makers/{makers['near'].slug}").json()
    assert body["name"] == "Bijoux de la Lune"
    assert body["labels"] == [{"slug": "t-epv", "name": "EPV"}]
    assert client.get("/api/v1/makers/nobody").status_code == 404


def test_categories_and_places(client, makers):
    categories = client.get("/api/v1/categories", headers={"Accept-Language": "en"}).json()
    jewellery = next(row for row in categories if row["slug"] == "t-bijoux")
    assert jewellery["name"] == "Jewellery" and jewellery["maker_count"] == 2
    places = client.get("/api/v1/places", {"q": "mérig"}).json()
    assert places[0]["name"] == "Mérignac" and "33700" in places[0]["postcodes"]
    assert client.get("/api/v1/places", {"q": "x" * 3000}).json() == []


def test_openapi_and_offline_docs(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/search", "/api/v1/map", "/api/v1/makers/{slug}"} <= set(schema["paths"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in docs["Content-Security-Policy"]


def test_anonymous_clients_are_throttled_with_retry_after(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_ANON_RATE = "3/m"
    statuses = [client.get("/api/v1/categories").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/categories", headers={"accept-language": "en"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many requests" in response.json()["detail"]
    french = client.get("/api/v1/categories", headers={"accept-language": "fr"})
    assert "Trop de requêtes" in french.json()["detail"]


@pytest.mark.parametrize("status", ["draft", "pending", "suspended", "refused", "needs_changes"])
def test_the_api_never_shows_a_listing_that_is_not_public(client, status):
    from localiste.makers.tests.factories import MakerFactory

    hidden = MakerFactory(name="Atelier Secret", status=status, email="secret@example.org")
    assert client.get(f"/api/v1/makers/{hidden.slug}").status_code == 404
    found = client.get("/api/v1/search", {"q": "Atelier Secret"}).json()
    assert found["count"] == 0


def test_the_api_never_shows_a_maker_private_email(client):
    from localiste.makers.tests.factories import MakerFactory

    maker = MakerFactory(name="Atelier Public", email="private-relay@example.org")
    body = client.get(f"/api/v1/makers/{maker.slug}").content.decode()
    assert "Atelier Public" in body
    assert "private-relay@example.org" not in body
