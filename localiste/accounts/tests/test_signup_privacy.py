"""Sign-up tells nobody which addresses have an account; account mails link to SITE_URL."""

import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail

from localiste.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://makers.example.org"
FORGED_HOST = "localhost:8443"


@pytest.fixture
def password_hashes(monkeypatch):
    """How many times a password was hashed (the tests' hasher is MD5, see conftest.py)."""
    calls = []
    encode = MD5PasswordHasher.encode

    def counting_encode(self, password, salt):
        calls.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting_encode)
    return calls


def signup(client, email: str, **extra):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/compte/signup/", data, **extra)


def test_a_known_and_a_new_address_cost_one_password_hash_and_one_mail_each(
    client, password_hashes, sent_mail
):
    UserFactory(email="known@example.org")
    password_hashes.clear()

    known = signup(client, "known@example.org")
    known_work = (password_hashes.copy(), [message.to for message in sent_mail()])
    password_hashes.clear()
    mail.outbox.clear()
    fresh = signup(client, "fresh@example.org")
    fresh_work = (password_hashes.copy(), [message.to for message in sent_mail()])

    assert known_work == ([PASSWORD], [["known@example.org"]])
    assert fresh_work == ([PASSWORD], [["fresh@example.org"]])
    assert known.status_code == fresh.status_code == 302
    assert known.url == fresh.url
    assert known.content == fresh.content


def test_the_password_of_a_known_address_is_not_stored(client):
    user = UserFactory(email="known@example.org")
    password_before = user.password
    signup(client, "known@example.org")
    user.refresh_from_db()
    assert user.password == password_before


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_a_reset_link_starts_with_the_site_url_whatever_the_host_header(
    client, settings, sent_mail
):
    settings.SITE_URL = SITE
    user = UserFactory()
    client.post("/compte/password/reset/", {"email": user.email}, HTTP_HOST=FORGED_HOST)
    (message,) = sent_mail()
    reset_links = [link for link in links(message) if "/compte/password/reset/key/" in link]
    assert reset_links and all(link.startswith(f"{SITE}/compte/") for link in reset_links)
    assert FORGED_HOST not in message.body


@pytest.mark.parametrize(
    ("known", "path"),
    [(False, "/compte/confirm-email/"), (True, "/compte/password/reset/")],
    ids=["confirmation", "account-already-exists"],
)
def test_sign_up_mails_link_to_the_site_url(client, settings, known, path, sent_mail):
    settings.SITE_URL = SITE
    if known:
        UserFactory(email="jeanne@example.org")
    signup(client, "jeanne@example.org", HTTP_HOST=FORGED_HOST)
    (message,) = sent_mail()
    assert any(link.startswith(f"{SITE}{path}") for link in links(message))
    assert FORGED_HOST not in message.body


def test_a_reset_for_an_unknown_address_links_to_the_site_url(client, settings, sent_mail):
    settings.SITE_URL = SITE
    client.post("/compte/password/reset/", {"email": "nobody@example.org"}, HTTP_HOST=FORGED_HOST)
    (message,) = sent_mail()
    assert any(link.startswith(f"{SITE}/compte/signup/") for link in links(message))
    assert FORGED_HOST not in message.body


def test_without_site_url_links_follow_the_request(client, settings, sent_mail):
    settings.SITE_URL = ""
    user = UserFactory()
    client.post("/en/compte/password/reset/", {"email": user.email})
    assert any(
        link.startswith("http://testserver/en/compte/password/reset/key/")
        for link in links(sent_mail()[0])
    )
