"""Anonymous visitors: favourites kept in the `favoris` cookie, written on the buttons' POST."""

import pytest

from localiste.favourites.cookie import COOKIE_NAME
from localiste.makers.models import Maker
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def kept(client) -> list[str]:
    cookie = client.cookies.get(COOKIE_NAME)
    return cookie.value.split(".") if cookie and cookie.value else []


def test_adding_without_javascript_keeps_the_maker_in_a_cookie_and_goes_back(client):
    maker = MakerFactory(name="Atelier Sellier")
    response = client.post(
        f"/favoris/ajouter/{maker.slug}/", {"next": maker.get_absolute_url()}, follow=True
    )
    assert response.redirect_chain == [(maker.get_absolute_url(), 302)]
    assert kept(client) == [maker.slug]
    assert "Atelier Sellier" in [str(m) for m in response.context["messages"]][0]
    cookie = client.cookies[COOKIE_NAME]
    assert cookie["samesite"] == "Lax"
    assert not cookie["httponly"]
    assert int(cookie["max-age"]) == 365 * 24 * 3600
    assert cookie["path"] == "/"
    # The maker page now offers to remove it.
    page = client.get(maker.get_absolute_url()).content.decode()
    assert f'action="/favoris/retirer/{maker.slug}/"' in page


def test_removing_takes_the_maker_out_and_clears_an_empty_cookie(client):
    first, second = MakerFactory(), MakerFactory()
    client.post(f"/favoris/ajouter/{first.slug}/")
    client.post(f"/favoris/ajouter/{second.slug}/")
    assert kept(client) == [first.slug, second.slug]
    client.post(f"/favoris/retirer/{first.slug}/")
    assert kept(client) == [second.slug]
    client.post(f"/favoris/retirer/{second.slug}/")
    assert kept(client) == []


def test_adding_twice_keeps_one(client):
    maker = MakerFactory()
    client.post(f"/favoris/ajouter/{maker.slug}/")
    client.post(f"/favoris/ajouter/{maker.slug}/")
    assert kept(client) == [maker.slug]


def test_javascript_gets_json_and_no_message_for_later(client):
    maker = MakerFactory(name="Atelier Sellier")
    response = client.post(f"/en/favoris/ajouter/{maker.slug}/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    message = "Atelier Sellier is in your favourites."
    assert response.json() == {"favourite": True, "message": message}
    assert kept(client) == [maker.slug]
    response = client.post(f"/favoris/retirer/{maker.slug}/", HTTP_ACCEPT="application/json")
    assert response.json()["favourite"] is False
    assert not list(client.get("/favoris/").context["messages"])


def test_buttons_need_a_valid_csrf_token():
    from django.test import Client

    maker = MakerFactory()
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/favoris/ajouter/{maker.slug}/").status_code == 403
    page = client.get(maker.get_absolute_url())
    token = page.context["csrf_token"]
    response = client.post(f"/favoris/ajouter/{maker.slug}/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_unknown_or_unpublished_maker_is_a_404(client):
    draft = MakerFactory(status=Maker.Status.DRAFT)
    assert client.post("/favoris/ajouter/nobody-here/").status_code == 404
    assert client.post(f"/favoris/ajouter/{draft.slug}/").status_code == 404
    assert client.post("/favoris/retirer/nobody-here/").status_code == 404
    assert client.post("/favoris/ajouter/not%20a%20slug/").status_code == 404
    assert client.get(f"/favoris/ajouter/{draft.slug}/").status_code in (404, 405)
    assert kept(client) == []


def test_a_redirect_goes_back_to_this_site_only(client):
    maker = MakerFactory()
    response = client.post(f"/favoris/ajouter/{maker.slug}/", {"next": "https://evil.example/"})
    assert response.url == "/favoris/"


def test_the_list_is_bounded(client, monkeypatch):
    monkeypatch.setattr("localiste.favourites.cookie.FAVOURITES_MAX", 2)
    kept_makers = MakerFactory.create_batch(2)
    client.cookies[COOKIE_NAME] = ".".join(m.slug for m in kept_makers)
    maker = MakerFactory()
    response = client.post(f"/favoris/ajouter/{maker.slug}/", HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert response.json()["favourite"] is False
    assert maker.slug not in kept(client)


def test_a_tampered_cookie_is_read_for_what_it_holds(client):
    maker = MakerFactory(name="Atelier Sellier")
    client.cookies[COOKIE_NAME] = f'<script>."{maker.slug}".../etc/passwd.{maker.slug}'
    response = client.get("/favoris/")
    assert response.status_code == 200
    assert [m.slug for m in response.context["makers"]] == [maker.slug]
