"""What the favourites' pages cost and give: no writes on reading, a constant number of queries
on the search page, the share link on SITE_URL, the no-JavaScript way back to the button."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localiste.accounts.tests.factories import UserFactory
from localiste.favourites.cookie import COOKIE_NAME
from localiste.favourites.services import favourite_add
from localiste.makers.tests.factories import MakerFactory
from localiste.search import vocabulary

pytestmark = pytest.mark.django_db


def search_queries(client, word: str, count: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/recherche/?q={word}")
    assert response.status_code == 200
    assert response.content.decode().count('class="favourite__button"') == count
    return len(queries.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_search_page_costs_the_same_queries_for_2_or_6_favourite_results(
    client, monkeypatch, signed_in
):
    # The search rereads the vocabulary's revision once a second: not within this test, or
    # one search of the two may pay for it (as the clock falls) and the other not.
    monkeypatch.setattr(vocabulary, "EXPANSIONS_RECHECK_SECONDS", 3600.0)
    user = UserFactory()
    if signed_in:
        client.force_login(user)
    makers = MakerFactory.create_batch(2, tagline="Vannerie en osier")
    favourite_add(user=user, maker=makers[0])
    client.cookies[COOKIE_NAME] = f"{makers[0].slug}.gone-maker"
    client.get("/recherche/?q=osier")  # once-per-process caches of the search
    with_two = search_queries(client, "osier", 2)
    # The same search with three times the cards and favourites: not one query more.
    makers += MakerFactory.create_batch(4, tagline="Vannerie en osier")
    for maker in makers[1:3]:
        favourite_add(user=user, maker=maker)
    client.cookies[COOKIE_NAME] = ".".join(maker.slug for maker in makers[:3]) + ".gone-maker"
    client.get("/recherche/?q=osier")
    assert search_queries(client, "osier", 6) == with_two


def test_reading_the_list_writes_no_favourite(client):
    user = UserFactory()
    client.force_login(user)
    client.cookies[COOKIE_NAME] = MakerFactory().slug
    for method in (client.get, client.head):
        with CaptureQueriesContext(connection) as queries:
            assert method("/favoris/").status_code == 200
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            and "favourites_favourite" in q["sql"]
        ]
        assert writes == []


def test_the_share_link_is_on_the_site_address(client, settings):
    settings.SITE_URL = "https://makers.example.org"
    maker = MakerFactory()
    client.post(f"/favoris/ajouter/{maker.slug}/")
    page = client.get("/favoris/", HTTP_HOST="testserver").content.decode()
    assert f'value="https://makers.example.org/favoris/partage/?m={maker.slug}"' in page


def test_without_javascript_the_visitor_lands_back_on_the_button(client):
    maker = MakerFactory()
    page = client.get("/recherche/?q=").content.decode()
    assert f'id="favourite-{maker.slug}"' in page
    assert f'value="/recherche/?q=#favourite-{maker.slug}"' in page
    response = client.post(
        f"/favoris/ajouter/{maker.slug}/", {"next": f"/recherche/?q=#favourite-{maker.slug}"}
    )
    assert response.url == f"/recherche/?q=#favourite-{maker.slug}"


def test_the_state_of_the_hearts_for_a_restored_page(client):
    maker = MakerFactory()
    assert client.get("/favoris/etat/").json() == {"favourites": []}
    client.post(f"/favoris/ajouter/{maker.slug}/")
    response = client.get("/favoris/etat/")
    assert response.json() == {"favourites": [maker.slug]}
    assert "no-store" in response["Cache-Control"]
    user = UserFactory()
    client.force_login(user)
    other = MakerFactory()
    favourite_add(user=user, maker=other)
    assert client.get("/favoris/etat/").json() == {"favourites": [other.slug]}
    assert client.post("/favoris/etat/").status_code == 405
