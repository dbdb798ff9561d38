"""Signed-in visitors: favourites on the server, the browser's merged in at login, GDPR."""

import json
import zipfile

import pytest

from localiste.accounts import services as account_services
from localiste.accounts.tests.factories import PASSWORD, UserFactory
from localiste.favourites.cookie import COOKIE_NAME
from localiste.favourites.models import Favourite
from localiste.favourites.services import favourite_add, favourites_merge
from localiste.makers.models import Maker
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def kept_by(user) -> list[str]:
    return list(
        Favourite.objects.filter(user=user).order_by("pk").values_list("maker__slug", flat=True)
    )


def test_a_signed_in_visitor_adds_and_removes_on_the_server(client):
    user = UserFactory()
    maker = MakerFactory(name="Atelier Sellier")
    client.force_login(user)
    response = client.post(f"/favoris/ajouter/{maker.slug}/", HTTP_ACCEPT="application/json")
    assert response.json()["favourite"] is True
    assert kept_by(user) == [maker.slug]
    assert COOKIE_NAME not in client.cookies
    page = client.get("/en/favoris/").content.decode()
    assert "Atelier Sellier" in page
    assert "Kept in your account." in page
    assert (
        f'favoris/retirer/{maker.slug}/"' in client.get(maker.get_absolute_url()).content.decode()
    )
    client.post(f"/favoris/retirer/{maker.slug}/")
    assert kept_by(user) == []


def test_the_browser_favourites_move_into_the_account_at_login(client):
    user = UserFactory()
    already, new, draft = MakerFactory(), MakerFactory(), MakerFactory()
    favourite_add(user=user, maker=already)
    client.post(f"/favoris/ajouter/{already.slug}/")
    client.post(f"/favoris/ajouter/{new.slug}/")
    client.cookies[COOKIE_NAME] = f"{client.cookies[COOKIE_NAME].value}.{draft.slug}.unknown"
    Maker.objects.filter(pk=draft.pk).update(status=Maker.Status.DRAFT)

    response = client.post("/en/compte/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    # The draft is kept too (hidden until it is published again): nothing is lost.
    assert kept_by(user) == [already.slug, new.slug, draft.slug]
    assert client.cookies[COOKIE_NAME].value == ""  # cleared: the account holds them all
    response = client.get("/en/favoris/")
    assert [m.slug for m in response.context["makers"]] == [new.slug, already.slug]
    assert "2 favourites from this browser added to your account." in [
        str(m) for m in response.context["messages"]
    ]


def test_a_leftover_cookie_is_not_merged_by_showing_the_list_but_by_its_button(client):
    user = UserFactory()
    maker = MakerFactory()
    client.force_login(user)  # a sign-in that bypasses the login form
    client.cookies[COOKIE_NAME] = maker.slug
    response = client.get("/en/favoris/")
    assert response.context["makers"] == []
    assert not Favourite.objects.exists()  # a GET writes nothing
    assert "1 favourite kept in this browser is not in your account yet." in (
        response.content.decode()
    )
    client.head("/favoris/")
    assert not Favourite.objects.exists()
    response = client.post("/favoris/deplacer/", follow=True)
    assert [m.slug for m in response.context["makers"]] == [maker.slug]
    assert client.cookies[COOKIE_NAME].value == ""


def test_adding_a_shared_list_to_the_account(client):
    user = UserFactory()
    makers = MakerFactory.create_batch(3)
    client.force_login(user)
    slugs = ",".join(maker.slug for maker in makers)
    response = client.post("/favoris/partage/ajouter/", {"m": slugs}, follow=True)
    assert [maker.slug for maker in response.context["makers"]] == slugs.split(",")
    response = client.post("/en/favoris/partage/ajouter/", {"m": slugs}, follow=True)
    assert sorted(kept_by(user)) == sorted(slugs.split(","))
    assert "in your favourites already" in str(list(response.context["messages"])[-1])


def test_merging_skips_what_is_kept_and_respects_the_limit(monkeypatch):
    monkeypatch.setattr("localiste.favourites.cookie.FAVOURITES_MAX", 2)
    user = UserFactory()
    makers = MakerFactory.create_batch(3)
    merged = favourites_merge(user=user, slugs=[m.slug for m in makers])
    assert (merged.added, merged.left_over) == (2, [makers[2].slug])
    merged = favourites_merge(user=user, slugs=[m.slug for m in makers])
    assert (merged.added, merged.left_over) == (0, [makers[2].slug])
    assert kept_by(user) == [makers[0].slug, makers[1].slug]


def test_favourites_are_in_the_export_and_go_with_the_account():
    user = UserFactory()
    maker = MakerFactory()
    favourite_add(user=user, maker=maker)
    with zipfile.ZipFile(account_services.account_export(user=user)) as archive:
        data = json.loads(archive.read("data.json"))
    rows = data["related"]["favourites.favourite"]
    assert [(row["maker_id"], row["user_id"]) for row in rows] == [(maker.pk, user.pk)]
    account_services.account_delete(user=user)
    assert not Favourite.objects.exists()
    assert Maker.objects.filter(pk=maker.pk).exists()
