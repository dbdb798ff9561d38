"""The contact mails link to the site at SITE_URL, whatever Host the sender's browser sent."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def send_from(client, maker, host: str):
    data = {
        "name": "Camille Martin",
        "email": "camille@example.net",
        "phone": "",
        "message": "Bonjour, faites-vous des sacs sur mesure ?",
        "website": "",
    }
    url = reverse("messaging:contact", kwargs={"slug": maker.slug})
    return client.post(url, data, REMOTE_ADDR="192.0.2.10", HTTP_HOST=host)


def links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


@pytest.mark.parametrize(
    ("site_url", "expected_root"),
    [("https://makers.example.org", "https://makers.example.org"), ("", "http://localhost:8443")],
)
def test_the_relay_and_the_copy_link_to_the_site_url(
    client, settings, django_capture_on_commit_callbacks, site_url, expected_root
):
    settings.SITE_URL = site_url
    maker = MakerFactory(name="Atelier Lune", email="atelier@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_from(client, maker, "localhost:8443").status_code == 302
    to_maker = next(email for email in mail.outbox if email.to == ["atelier@example.org"])
    copy = next(email for email in mail.outbox if email.to == ["camille@example.net"])
    inbox = reverse("space:inbox", kwargs={"slug": maker.slug})
    assert f"{expected_root}{inbox}" in links(to_maker.body)
    assert f"{expected_root}{maker.get_absolute_url()}" in links(copy.body)
    assert all(link.startswith(expected_root) for link in links(to_maker.body + copy.body))
