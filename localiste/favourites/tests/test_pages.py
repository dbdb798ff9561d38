"""The favourites page, the shared list, and the heart on search results and maker pages."""

import pytest

from localiste.makers.models import Maker
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def add(client, maker, prefix=""):
    """Add `maker` as favourites.js does (no message left for the next page)."""
    client.post(f"{prefix}/favoris/ajouter/{maker.slug}/", HTTP_ACCEPT="application/json")


def test_the_list_shows_the_favourites_last_added_first_with_a_share_link(client):
    first = MakerFactory(name="Atelier Premier")
    second = MakerFactory(name="Atelier Second")
    add(client, first)
    add(client, second)
    response = client.get("/en/favoris/")
    page = response.content.decode()
    assert page.index("Atelier Second") < page.index("Atelier Premier")
    assert f"/en/favoris/partage/?m={second.slug},{first.slug}" in page
    assert "Share this list" in page
    assert f'action="/en/favoris/retirer/{first.slug}/"' in page
    assert '<meta name="robots" content="noindex' in page


def test_an_empty_list_points_to_the_search(client):
    page = client.get("/en/favoris/").content.decode()
    assert "You have no favourite maker yet." in page
    assert 'href="/en/recherche/"' in page


def test_the_english_page(client):
    maker = MakerFactory(name="Atelier Sellier")
    add(client, maker, "/en")
    page = client.get("/en/favoris/").content.decode()
    assert "Your favourites" in page
    assert "Atelier Sellier" in page
    assert "Share this list" in page
    assert "/en/favoris/partage/?m=" in page
    client.post(f"/en/favoris/retirer/{maker.slug}/")
    assert "You have no favourite maker yet." in client.get("/en/favoris/").content.decode()


def test_an_unpublished_maker_silently_leaves_the_list(client):
    kept = MakerFactory(name="Atelier Restant")
    gone = MakerFactory(name="Atelier Suspendu")
    add(client, kept)
    add(client, gone)
    Maker.objects.filter(pk=gone.pk).update(status=Maker.Status.SUSPENDED)
    response = client.get("/favoris/")
    assert response.status_code == 200
    assert [maker.slug for maker in response.context["makers"]] == [kept.slug]
    assert "Atelier Suspendu" not in response.content.decode()


def test_a_shared_list_is_read_only_and_can_be_added_at_once(client):
    first, second = MakerFactory(name="Atelier Premier"), MakerFactory(name="Atelier Second")
    draft = MakerFactory(name="Atelier Brouillon", status=Maker.Status.DRAFT)
    response = client.get(
        f"/en/favoris/partage/?m={first.slug},nobody,{draft.slug},{second.slug},{first.slug}"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Favourites shared with you" in page
    assert [maker.slug for maker in response.context["makers"]] == [first.slug, second.slug]
    assert "Atelier Brouillon" not in page
    assert "favoris/ajouter/" not in page  # no heart buttons: the list is someone else's
    assert '<meta name="robots" content="noindex' in page

    response = client.post(
        "/en/favoris/partage/ajouter/", {"m": f"{first.slug},{second.slug}"}, follow=True
    )
    assert response.redirect_chain == [("/en/favoris/", 302)]
    assert [maker.slug for maker in response.context["makers"]] == [first.slug, second.slug]
    assert "2 makers added to your favourites." in page_messages(response)


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_shared_list_is_bounded_and_ignores_garbage(client):
    maker = MakerFactory()
    slugs = ",".join([f"x{n}" for n in range(150)] + [maker.slug])
    response = client.get(f"/favoris/partage/?m={slugs}")
    assert response.status_code == 200
    assert response.context["makers"] == []  # the maker came after the 100th slug
    response = client.get("/favoris/partage/?m=%00%3Cscript%3E,,,")
    assert response.status_code == 200
    assert response.context["makers"] == []
    assert client.get("/favoris/partage/").status_code == 200


def test_the_maker_page_and_search_cards_carry_the_button(client):
    maker = MakerFactory(name="Atelier Sellier")
    page = client.get(maker.get_absolute_url()).content.decode()
    assert f'action="/favoris/ajouter/{maker.slug}/"' in page
    assert page.count("js/favourites.js") == 1
    page = client.get(f"/en{maker.get_absolute_url()}").content.decode()
    assert "Add to favourites" in page
    assert page.count("js/favourites.js") == 1
    results = client.get("/recherche/?q=sellier").content.decode()
    assert f'action="/favoris/ajouter/{maker.slug}/"' in results
    assert results.count("js/favourites.js") == 1


def test_the_header_links_to_the_favourites(client):
    assert 'href="/favoris/"' in client.get("/").content.decode()
    assert 'href="/en/favoris/"' in client.get("/en/").content.decode()


@pytest.mark.parametrize("signed_in, queries", [(False, 0), (True, 1)])
def test_hearts_cost_one_query_at_most_whatever_the_number_of_cards(
    rf, django_assert_num_queries, signed_in, queries
):
    from django.contrib.auth.models import AnonymousUser
    from django.template import engines

    from localiste.accounts.tests.factories import UserFactory

    makers = MakerFactory.create_batch(4)
    request = rf.get("/recherche/")
    request.user = UserFactory() if signed_in else AnonymousUser()
    template = engines["django"].from_string(
        '{% for maker in makers %}{% include "discovery/includes/card_favourite.html" %}'
        "{% endfor %}"
    )
    with django_assert_num_queries(queries):
        html = template.render({"makers": makers}, request)
    assert html.count("<form") == 4
    assert html.count("js/favourites.js") == 1


def test_a_draft_shown_in_its_preview_gets_no_heart(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = AnonymousUser()
    draft = MakerFactory(status=Maker.Status.DRAFT)
    html = render_to_string(
        "makers/includes/favourite_button.html", {"maker": draft}, request=request
    )
    assert "<form" not in html
