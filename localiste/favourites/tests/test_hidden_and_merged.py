"""Favourites that are off the site for now, listings merged or renamed, and signing in with more
favourites than the account has room for: nothing is lost without the visitor knowing."""

import pytest

from localiste.accounts.tests.factories import PASSWORD, UserFactory
from localiste.favourites.cookie import COOKIE_NAME
from localiste.favourites.models import Favourite
from localiste.favourites.services import FavouritesFull, favourite_add
from localiste.makers.models import Maker, SlugRedirect
from localiste.makers.services.merge import maker_merge
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def kept(client) -> list[str]:
    cookie = client.cookies.get(COOKIE_NAME)
    return cookie.value.split(".") if cookie and cookie.value else []


def hide(maker) -> None:
    Maker.objects.filter(pk=maker.pk).update(status=Maker.Status.SUSPENDED)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_signing_in_beyond_the_limit_keeps_the_rest_in_the_browser_and_says_so(client, monkeypatch):
    monkeypatch.setattr("localiste.favourites.cookie.FAVOURITES_MAX", 2)
    user = UserFactory()
    favourite_add(user=user, maker=MakerFactory())
    first, second, third = MakerFactory.create_batch(3)
    client.cookies[COOKIE_NAME] = f"{first.slug}.{second.slug}.{third.slug}"

    client.post("/en/compte/login/", {"login": user.email, "password": PASSWORD})
    assert Favourite.objects.filter(user=user, maker=first).exists()
    assert kept(client) == [second.slug, third.slug]  # not lost: still in this browser
    response = client.get("/en/favoris/")
    told = messages_of(response)
    assert "1 favourite from this browser added to your account." in told
    assert "2 favourites did not fit in your account (2 at most) and stay in this browser." in told
    assert "2 favourites kept in this browser are not in your account yet." in (
        response.content.decode()
    )


def test_hidden_favourites_take_no_room_and_come_back(client, monkeypatch):
    monkeypatch.setattr("localiste.favourites.cookie.FAVOURITES_MAX", 1)
    user = UserFactory()
    hidden, other = MakerFactory(), MakerFactory()
    favourite_add(user=user, maker=hidden)
    hide(hidden)
    assert favourite_add(user=user, maker=other) is True
    with pytest.raises(FavouritesFull):
        favourite_add(user=user, maker=MakerFactory())
    # In the browser too: a hidden maker does not fill the list.
    client.cookies[COOKIE_NAME] = hidden.slug
    response = client.post(f"/favoris/ajouter/{other.slug}/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert kept(client) == [hidden.slug, other.slug]


def test_a_hidden_favourite_can_be_removed_from_the_browser_and_the_account(client):
    hidden = MakerFactory(name="Atelier Suspendu")
    client.post(f"/favoris/ajouter/{hidden.slug}/")
    hide(hidden)
    response = client.post(f"/en/favoris/retirer/{hidden.slug}/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "favourite": False,
        "message": "Atelier Suspendu is no longer in your favourites.",
    }
    assert kept(client) == []
    # Held by nobody here: as unknown as a slug that never was.
    assert client.post(f"/favoris/retirer/{hidden.slug}/").status_code == 404
    assert client.post("/favoris/retirer/nobody-here/").status_code == 404

    user = UserFactory()
    client.force_login(user)
    Favourite.objects.create(user=user, maker=hidden)
    assert client.post(f"/favoris/retirer/{hidden.slug}/").status_code == 302
    assert not Favourite.objects.filter(user=user).exists()


def test_merging_two_listings_keeps_their_favourites_on_the_survivor(client):
    operator = UserFactory(is_staff=True)
    survivor, absorbed = MakerFactory(name="Atelier Dupont"), MakerFactory(name="Atelier Dupont")
    both, only_absorbed = UserFactory(), UserFactory()
    for user, maker in ((both, survivor), (both, absorbed), (only_absorbed, absorbed)):
        favourite_add(user=user, maker=maker)
    old_slug = absorbed.slug
    client.post(f"/favoris/ajouter/{old_slug}/")  # an anonymous visitor keeps it too

    maker_merge(
        survivor=survivor,
        absorbed=absorbed,
        choices={},
        operator=operator,
        survivor_version=survivor.version,
        absorbed_version=absorbed.version,
    )
    rows = Favourite.objects.order_by("user_id").values_list("user_id", "maker_id")
    assert list(rows) == [(both.pk, survivor.pk), (only_absorbed.pk, survivor.pk)]

    # The cookie still says the old slug: read through the old addresses.
    page = client.get("/favoris/")
    assert [maker.slug for maker in page.context["makers"]] == [survivor.slug]
    html = client.get(survivor.get_absolute_url()).content.decode()
    assert f'action="/favoris/retirer/{survivor.slug}/"' in html
    assert f'data-favourite-written="{old_slug}"' in html  # favourites.js matches it too
    # The next write puts the current slug in the cookie.
    other = MakerFactory()
    client.post(f"/favoris/ajouter/{other.slug}/")
    assert kept(client) == [survivor.slug, other.slug]


def test_a_renamed_maker_stays_in_the_browser_list(client):
    maker = MakerFactory()
    client.post(f"/favoris/ajouter/{maker.slug}/")
    SlugRedirect.objects.create(old_slug=maker.slug, maker=maker)
    Maker.objects.filter(pk=maker.pk).update(slug="atelier-nouveau-nom")
    assert [m.slug for m in client.get("/favoris/").context["makers"]] == ["atelier-nouveau-nom"]
    client.post("/favoris/retirer/atelier-nouveau-nom/")
    assert kept(client) == []
