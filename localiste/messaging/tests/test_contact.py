"""A consumer writes to a maker from the maker's page or a product page."""

import pytest
from django.core import mail
from django.urls import reverse

from localiste.mail.models import OutgoingMail
from localiste.makers.tests.factories import MakerFactory, ProductFactory
from localiste.messaging.models import ContactMessage
from localiste.metrics.models import DailyCount

pytestmark = pytest.mark.django_db

SECRET = "atelier-prive@example.org"


@pytest.fixture
def maker():
    return MakerFactory(name="Atelier Lune", email=SECRET)


def message_data(**overrides) -> dict:
    data = {
        "name": "Camille Martin",
        "email": "camille@example.net",
        "phone": "",
        "message": "Bonjour, faites-vous des sacs sur mesure ?",
        "website": "",
    }
    return {**data, **overrides}


def send(client, maker, **overrides):
    url = reverse("messaging:contact", kwargs={"slug": maker.slug})
    return client.post(url, message_data(**overrides), REMOTE_ADDR="192.0.2.10")


def test_the_maker_page_has_the_form_but_never_the_makers_address(client, maker):
    response = client.get(maker.get_absolute_url())
    html = response.content.decode()
    assert 'name="message"' in html and 'name="website"' in html
    assert SECRET not in html
    assert "365" in html  # what happens to the data


def test_a_message_is_stored_and_relayed_with_reply_to_the_sender(
    client, maker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, maker)
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:sent", kwargs={"slug": maker.slug})
    message = ContactMessage.objects.get()
    assert message.maker == maker and message.sender_email == "camille@example.net"
    to_maker, copy = sorted(mail.outbox, key=lambda email: email.to != [SECRET])
    assert to_maker.to == [SECRET]
    assert to_maker.reply_to == ["camille@example.net"]
    assert "sur mesure" in to_maker.body
    assert copy.to == ["camille@example.net"]
    assert SECRET not in copy.body and SECRET not in copy.subject
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}
    assert DailyCount.objects.get(kind="maker.contact", object_id=maker.pk).count == 1
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and SECRET not in thanks.content.decode()


def test_asking_about_a_product_names_it(client, maker, django_capture_on_commit_callbacks):
    product = ProductFactory(maker=maker, name="Besace Lune")
    page = client.get(product.get_absolute_url()).content.decode()
    assert f'value="{product.slug}"' in page and SECRET not in page
    with django_capture_on_commit_callbacks(execute=True):
        send(client, maker, product=product.slug)
    assert ContactMessage.objects.get().product == product
    to_maker = next(email for email in mail.outbox if email.to == [SECRET])
    assert "Besace Lune" in to_maker.subject


def test_a_filled_honeypot_sends_nothing_but_looks_normal(client, maker):
    response = send(client, maker, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:sent", kwargs={"slug": maker.slug})
    assert not ContactMessage.objects.exists() and mail.outbox == []


def test_the_sixth_message_in_a_minute_from_one_address_is_refused(client, maker):
    for number in range(5):
        assert (
            send(client, maker, message=f"Question numéro {number} sur vos sacs").status_code == 302
        )
    response = send(client, maker, message="Question numéro 6 sur vos sacs")
    assert response.status_code == 429
    assert "Too many messages" in response.content.decode() or "Trop de messages" in (
        response.content.decode()
    )
    assert ContactMessage.objects.count() == 5


def test_a_maker_receives_a_limited_number_of_messages_an_hour(client, maker, settings):
    from localiste.messaging import spam

    for number in range(spam.PER_MAKER[0]):
        url = reverse("messaging:contact", kwargs={"slug": maker.slug})
        data = message_data(message=f"Question {number} sur vos sacs en cuir")
        client.post(url, data, REMOTE_ADDR=f"198.51.100.{number}")
    response = client.post(url, message_data(), REMOTE_ADDR="203.0.113.1")
    assert response.status_code == 429


def test_too_many_links_are_refused_with_a_clear_message(client, maker):
    text = "Voyez https://a.example, https://b.example et https://c.example"
    response = send(client, maker, message=text)
    assert response.status_code == 400
    assert "web address" in response.content.decode() or "adresse" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_the_same_message_twice_is_relayed_once(client, maker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = send(client, maker)
        second = send(client, maker, message="  Bonjour, faites-vous des sacs   sur mesure ? ")
    assert first.status_code == second.status_code == 302
    assert ContactMessage.objects.count() == 1
    assert len(mail.outbox) == 2


def test_unpublished_makers_cannot_be_contacted(client):
    draft = MakerFactory(status="draft", email=SECRET)
    assert send(client, draft).status_code == 404
