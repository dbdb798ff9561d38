"""The “Tell me” form and the alert pages as a visitor meets them: no JavaScript needed, bad
input answered in the visitor's language with a 4xx, nothing revealed about an address."""

import re

import pytest

from localiste.alerts.models import SearchAlert
from localiste.alerts.selectors import alert_search
from localiste.alerts.tests.conftest import alert_form_fields
from localiste.alerts.tests.factories import alert_made
from localiste.makers.tests.test_views import assert_no_inline_script_or_style

pytestmark = pytest.mark.django_db


def form_of(client, path="/en/recherche/", **params) -> dict:
    html = client.get(path, {"lieu": "Mérignac", **params}).content.decode()
    return alert_form_fields(html)


def test_the_form_is_offered_on_searches_with_a_place_only(client, gironde):
    html = client.get("/en/recherche/", {"lieu": "Mérignac", "rayon": "10"}).content.decode()
    assert '<label for="alert-email">Your email</label>' in html
    assert "Tell me about new makers" in html
    assert 'action="/en/alertes/"' in html and 'method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert_no_inline_script_or_style(html)
    without_place = client.get("/en/recherche/", {"q": "bol"}).content.decode()
    assert "alert-offer" not in without_place


def test_near_me_searches_keep_their_coordinates(client, gironde):
    fields = form_of(client, lieu="", lat="44.84", lon="-0.64", rayon="50")
    assert fields["lat"] == ["44.84"] and fields["lon"] == ["-0.64"]
    assert fields["rayon"] == ["50"]
    fields["email"] = ["ana@example.org"]
    assert client.post("/en/alertes/", fields).status_code == 302
    alert = SearchAlert.objects.get()
    assert (alert.latitude, alert.longitude, alert.radius_km) == (44.84, -0.64, 50)
    assert alert.place_name == ""


@pytest.mark.parametrize(
    ("prefix", "message"),
    [("/en", "Enter a valid email address."), ("", "Saisissez une adresse de courriel valide.")],
)
def test_a_bad_address_is_refused_in_the_page_language(client, gironde, prefix, message):
    fields = {**form_of(client, path=f"{prefix}/recherche/"), "email": ["not an address"]}
    response = client.post(f"{prefix}/alertes/", fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html and 'value="not an address"' in html
    assert not SearchAlert.objects.exists()


def test_an_alert_needs_a_place(client, gironde):
    response = client.post("/en/alertes/", {"q": "bol", "email": "ana@example.org"})
    assert response.status_code == 400
    assert "An alert needs a search around a place" in response.content.decode()
    unknown = client.post("/en/alertes/", {"lieu": "Nowhere-sur-Mer", "email": "a@example.org"})
    assert unknown.status_code == 400
    assert "We could not find the place" in unknown.content.decode()
    assert not SearchAlert.objects.exists()


def without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_subscribing_twice_tells_nothing_and_keeps_one_alert(client, gironde):
    fields = {**form_of(client), "email": ["ana@example.org"]}
    first = client.post("/en/alertes/", fields, follow=True)
    alert_made(email="bob@example.org")  # bob already confirmed the same search
    again = client.post("/en/alertes/", fields, follow=True)
    bob = client.post("/en/alertes/", {**fields, "email": ["BOB@example.org"]}, follow=True)
    assert first.redirect_chain == again.redirect_chain == bob.redirect_chain
    assert without_tokens(first) == without_tokens(again) == without_tokens(bob)
    assert SearchAlert.objects.filter(email__iexact="ana@example.org").count() == 1
    assert SearchAlert.objects.filter(email__iexact="bob@example.org").count() == 1


def test_a_robot_filling_the_trap_gets_the_same_answer_and_no_alert(client, gironde):
    fields = {**form_of(client), "email": ["bot@example.org"], "website": ["http://spam"]}
    response = client.post("/en/alertes/", fields)
    assert response.status_code == 302 and response["Location"] == "/en/alertes/demandee/"
    assert not SearchAlert.objects.exists()


def test_too_many_requests_from_one_connection_are_refused(client, gironde):
    fields = form_of(client)
    for number in range(10):
        client.post("/en/alertes/", {**fields, "email": [f"a{number}@example.org"]})
    response = client.post("/en/alertes/", {**fields, "email": ["z@example.org"]})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "Please try again in an hour" in html
    # The form comes back with what they typed, ready to send later.
    assert 'value="z@example.org"' in html
    assert alert_form_fields(html)["lieu"] == ["Mérignac"]
    assert not SearchAlert.objects.filter(email="z@example.org").exists()


def test_the_form_needs_a_post(client, gironde):
    assert client.get("/en/alertes/").status_code == 405


def test_unknown_links_say_the_alert_is_gone(client, db):
    for path in ("/en/alertes/confirmer/nope/", "/en/alertes/desabonner/nope/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "This alert does not exist any more" in response.content.decode()
    assert client.post("/en/alertes/desabonner/" + "x" * 300 + "/").status_code == 404


def test_the_mail_program_unsubscribes_in_one_post_without_a_csrf_token(gironde):
    from django.test import Client

    alert = alert_made()
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        f"/en/alertes/desabonner/{alert.token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not SearchAlert.objects.exists()


def test_the_pages_speak_french_at_the_root(client, gironde):
    alert = alert_made(confirmed=False, language="fr")
    html = client.get(f"/alertes/confirmer/{alert.token}/").content.decode()
    assert 'lang="fr"' in html
    assert "Mérignac" in html


def test_without_site_url_alerts_are_refused_with_the_form_kept(client, gironde, settings):
    settings.SITE_URL = ""
    fields = {**form_of(client), "email": ["ana@example.org"]}
    response = client.post("/en/alertes/", fields)
    assert response.status_code == 503
    html = response.content.decode()
    assert "Alerts are not available on this site for now" in html
    assert 'value="ana@example.org"' in html
    assert not SearchAlert.objects.exists()


def test_near_me_is_kept_to_about_a_kilometre(client, gironde):
    fields = form_of(client, lieu="", lat="44.845678", lon="-0.643219", rayon="10")
    client.post("/en/alertes/", {**fields, "email": ["ana@example.org"]})
    alert = SearchAlert.objects.get()
    assert (alert.latitude, alert.longitude) == (44.85, -0.64)


def test_the_longest_words_a_search_takes_are_kept(client, gironde):
    words = "é" * 200  # the parser's limit, 1,200 characters once percent-encoded
    fields = {**form_of(client, q=words), "email": ["ana@example.org"]}
    assert fields["q"] == [words]
    assert client.post("/en/alertes/", fields).status_code == 302
    assert alert_search(SearchAlert.objects.get()).text == words


def test_the_confirmation_mail_carries_none_of_the_words_typed(client, gironde, ceramics):
    from localiste.mail.models import OutgoingMail

    spam = "Cheap pills at spam.example.net"
    fields = form_of(client, q=spam, categorie=ceramics.slug)
    client.post("/en/alertes/", {**fields, "email": ["victim@example.org"]})
    mail = OutgoingMail.objects.get(to__icontains="victim@example.org")
    assert "spam.example" not in mail.body and "spam.example" not in mail.subject
    assert "Ceramics within 25 km of Mérignac" in mail.body


def test_the_site_sends_a_capped_number_of_confirmations_a_day(client, gironde, monkeypatch):
    from localiste.alerts import services
    from localiste.mail.models import OutgoingMail

    monkeypatch.setattr(services, "CONFIRMATIONS_PER_DAY", (2, 24 * 3600))
    fields = form_of(client)
    for number in range(4):
        client.post("/en/alertes/", {**fields, "email": [f"a{number}@example.org"]})
    assert OutgoingMail.objects.filter(reference__startswith="alerts.").count() == 2
