"""Accounts through django-allauth: sign up, verify, log in and out, reset, change email."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from localiste.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Faïence-émaillée-1789"


def link_in(message) -> str:
    """The first link of `message`, as a path."""
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def signup(client, email: str, prefix: str = ""):
    return client.post(
        f"{prefix}/compte/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signup_sends_a_link_that_verifies_the_address_and_logs_in(client, sent_mail):
    response = signup(client, "jeanne@example.org")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(sent_mail()) == 1
    message = sent_mail()[0]
    assert message.to == ["jeanne@example.org"]
    assert message.subject.startswith("[Localiste Gironde] ")
    assert "Localiste Gironde" in message.body
    user = get_user_model().objects.get(email="jeanne@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    # Not logged in before the address is confirmed.
    assert client.get("/compte/").status_code == 302

    link = link_in(message)
    assert link.startswith("/compte/confirm-email/")
    assert client.get(link).status_code == 200  # a page with a button: mail scanners do no harm
    response = client.post(link)
    assert response.status_code == 302
    assert response.url == "/espace/"
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/compte/").status_code == 200


def test_emails_speak_the_language_of_the_page(client, sent_mail):
    signup(client, "john@example.org", prefix="/en")
    assert link_in(sent_mail()[0]).startswith("/en/compte/confirm-email/")


def test_unverified_accounts_cannot_log_in(client, sent_mail):
    signup(client, "jeanne@example.org")
    sent_mail().clear()  # the verification mail of the sign-up
    response = client.post("/compte/login/", {"login": "jeanne@example.org", "password": PASSWORD})
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert sent_mail() == []  # the link went out a moment ago: no new one within the cooldown


def test_log_in_and_out(client):
    user = UserFactory()
    response = client.post("/compte/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/espace/"
    assert client.session["_auth_user_id"] == str(user.pk)
    # Logging out takes a POST: a link or an image elsewhere cannot log anyone out.
    response = client.post("/compte/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_header_offers_log_in_or_space_and_a_logout_form(client):
    page = client.get("/").content.decode()
    assert 'href="/compte/login/"' in page
    client.force_login(UserFactory())
    page = client.get("/").content.decode()
    assert 'action="/compte/logout/"' in page
    assert re.search(r'<form class="account-nav__logout" method="post"', page)


def test_login_answers_alike_for_unknown_and_known_emails(client):
    UserFactory(email="known@example.org")
    known = client.post("/compte/login/", {"login": "known@example.org", "password": "wrong"})
    unknown = client.post("/compte/login/", {"login": "nobody@example.org", "password": "wrong"})
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_password_reset_answers_alike_for_unknown_and_known_emails(client, sent_mail):
    UserFactory(email="known@example.org")
    known = client.post("/compte/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/compte/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("account_reset_password_done")
    # Only the mailboxes can tell: the owner of the address gets a link, a stranger a notice.
    assert [m.to for m in sent_mail()] == [["known@example.org"], ["nobody@example.org"]]
    assert "/compte/password/reset/key/" in sent_mail()[0].body
    assert "/compte/password/reset/key/" not in sent_mail()[1].body


def test_signup_with_a_taken_email_answers_like_a_new_one(client):
    UserFactory(email="known@example.org")
    taken = signup(client, "known@example.org")
    fresh = signup(client, "fresh@example.org")
    assert taken.status_code == fresh.status_code == 302
    assert taken.url == fresh.url
    assert get_user_model().objects.filter(email="known@example.org").count() == 1


def test_password_reset_link_sets_a_new_password(client, sent_mail):
    user = UserFactory()
    client.post("/compte/password/reset/", {"email": user.email})
    link = link_in(sent_mail()[0])
    response = client.get(link, follow=True)  # allauth moves the key out of the URL
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_email_change_takes_effect_once_the_new_address_is_confirmed(client, sent_mail):
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    response = client.post("/compte/email/", {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "old@example.org"
    confirmation = next(m for m in sent_mail() if m.to == ["new@example.org"])
    client.post(link_in(confirmation))
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "new@example.org"
    ]


def test_repeated_failed_logins_are_stopped(client):
    user = UserFactory()
    for _ in range(5):
        client.post("/compte/login/", {"login": user.email, "password": "wrong"})
    response = client.post("/compte/login/", {"login": user.email, "password": PASSWORD})
    # Even the right password is refused until the pause is over.
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_repeated_reset_requests_get_429(client):
    for _ in range(5):
        assert client.post("/compte/password/reset/", {"email": "a@example.org"}).status_code == 302
    response = client.post("/compte/password/reset/", {"email": "a@example.org"})
    assert response.status_code == 429
    assert "429" in response.content.decode()  # the site's page, not a bare error


@pytest.mark.parametrize(
    "path",
    ["/compte/login/", "/compte/signup/", "/compte/password/reset/", "/en/compte/login/"],
)
def test_entrance_pages_label_every_field(client, path):
    page = client.get(path).content.decode()
    for field_id in re.findall(r'<input[^>]+type="(?:email|password|text)"[^>]*id="([^"]+)"', page):
        assert f'for="{field_id}"' in page


def test_errors_are_linked_to_their_fields(client):
    response = signup(client, "not-an-email")
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_email_error"' in page or "id_email_error" in page
    assert 'id="id_email_error"' in page
    assert 'href="#id_email"' in page
