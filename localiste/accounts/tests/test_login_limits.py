"""Guessing passwords is stopped at /compte/login/ and /admin/login/, even in parallel."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from localiste.accounts.tests.factories import PASSWORD, UserFactory
from localiste.metrics.tests.parallel import parallel_once, parallel_run, parallel_site

ADMIN_LOGIN = "/admin/login/?next=/admin/"
KEY_LIMIT = 5  # allauth's default: 5 failed logins per address in 5 minutes


@pytest.fixture
def operator_account(db):
    return get_user_model().objects.create_superuser("operatrice", "ops@example.org", PASSWORD)


def admin_login(client, password, username="operatrice", **extra):
    return client.post(ADMIN_LOGIN, {"username": username, "password": password}, **extra)


def site_login(client, email, password, prefix=""):
    return client.post(f"{prefix}/compte/login/", {"login": email, "password": password})


def test_the_admin_refuses_even_the_right_password_after_repeated_failures(
    client, operator_account
):
    for _ in range(KEY_LIMIT):
        response = admin_login(client, "wrong")
        assert response.status_code == 200  # the usual "enter the correct password"
    response = admin_login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The admin speaks the site's default language, French (it has no /en/ address).
    page = response.content.decode()
    assert "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement." in page


def test_the_admin_still_logs_in_below_the_limit(client, operator_account):
    for _ in range(KEY_LIMIT - 1):
        admin_login(client, "wrong")
    response = admin_login(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    # A right password gives its attempt back: the next failure is still told as such.
    client.logout()
    assert admin_login(client, "wrong").status_code == 200


def test_both_doors_count_the_failures_of_one_address_together(client, operator_account):
    for _ in range(3):
        site_login(client, "ops@example.org", "wrong")
    for _ in range(2):
        admin_login(client, "wrong", username="OPS@example.org")
    assert admin_login(client, PASSWORD, username="ops@example.org").status_code == 429
    response = site_login(client, "ops@example.org", PASSWORD, prefix="/en")
    assert "_auth_user_id" not in client.session
    assert response.context["form"].has_error("__all__", "too_many_login_attempts")
    assert "Too many failed login attempts. Try again later." in response.content.decode()


def test_another_host_header_gives_no_fresh_counter(client, db):
    user = UserFactory()
    for port in range(KEY_LIMIT):
        client.post(
            "/compte/login/",
            {"login": user.email, "password": "wrong"},
            HTTP_HOST=f"localhost:{8000 + port}",
        )
    site_login(client, user.email, PASSWORD)
    assert "_auth_user_id" not in client.session


def create_operator(*, process: int, call: int) -> str:
    get_user_model().objects.create_superuser("operatrice", "ops@example.org", PASSWORD)
    return "operatrice"


def post_admin_login(*, password: str, process: int, call: int) -> int:
    """One login attempt at the admin in a worker process (see metrics/tests/parallel.py)."""
    client = Client(REMOTE_ADDR="203.0.113.50")
    return admin_login(client, password).status_code


def test_parallel_guesses_at_the_admin_get_exactly_the_limit_checked(tmp_path):
    site = parallel_site(tmp_path)
    parallel_once(site, target=f"{__name__}:create_operator")
    statuses = parallel_run(
        site, target=f"{__name__}:post_admin_login", processes=4, calls=3, password="wrong"
    )
    assert statuses.count(200) == KEY_LIMIT  # checked, and told the password is wrong
    assert statuses.count(429) == len(statuses) - KEY_LIMIT
    assert parallel_once(site, target=f"{__name__}:post_admin_login", password=PASSWORD) == 429
