"""The documented production configuration passes Django's deployment checks without a warning.

Each check runs `manage.py check --deploy` in a fresh process with exactly the environment an
operator sets (settings are read from it once, at start-up).
"""

import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]
SECRET = "f3Zq8-Vd1nR0pXy7Lw2s9KmT4bHcJ6uGe5aQoNiYr_tWzUvSxMlPkOjIhEgFdCbA"

# docs/deployment.md: what an operator sets behind an HTTPS reverse proxy.
PRODUCTION = {
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "makers.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://makers.example.org",
    "SITE_URL": "https://makers.example.org",
    "BEHIND_HTTPS_PROXY": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SITE_CONTACT_EMAIL": "contact@makers.example.org",
    "SITE_OPERATOR_ADDRESS": "12 rue des Faures, 33000 Bordeaux",
    "SITE_HOST_NAME": "Hébergeur Exemple SAS",
    "SITE_HOST_ADDRESS": "1 quai de Bacalan, 33300 Bordeaux",
}
# The Makefile's `make run`: plain HTTP on 127.0.0.1.
MAKE_RUN = {
    "SECRET_KEY": SECRET,
    "SECURE_COOKIES": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]",
}


def deploy_check(environment: dict, tmp_path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path), **environment}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_configuration_gives_no_warning(tmp_path):
    result = deploy_check(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "security.W" not in result.stdout + result.stderr


def test_an_incomplete_legal_notice_is_named_before_going_live(tmp_path):
    environment = {**PRODUCTION, "SITE_HOST_ADDRESS": ""}
    del environment["SITE_CONTACT_EMAIL"]
    result = deploy_check(environment, tmp_path)
    output = result.stdout + result.stderr
    assert "localiste.W003" in output
    assert "SITE_HOST_ADDRESS, SITE_CONTACT_EMAIL" in output
    assert "SITE_HOST_NAME" not in output.split("localiste.W003")[1].split("HINT")[0]


PROBE = """
from django.test import Client
client = Client(HTTP_HOST="makers.example.org")
plain = client.get("/robots.txt")
print(plain.status_code, plain.get("Location"))
proxied = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
print(proxied.status_code, proxied.get("Strict-Transport-Security"))
"""


def test_behind_the_proxy_http_is_redirected_and_https_pinned(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path), **PRODUCTION}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "--command", PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.splitlines() == [
        "301 https://makers.example.org/robots.txt",
        "200 max-age=31536000; includeSubDomains; preload",
    ], result.stderr


def test_plain_http_as_make_run_serves_it_has_no_redirect_and_no_hsts(tmp_path):
    """The same check does warn when nothing says the site is behind HTTPS."""
    result = deploy_check(MAKE_RUN, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "security.W004" in output  # no HSTS
    assert "security.W008" in output  # no redirect to HTTPS
    assert "security.W012" in output  # session cookie sent over HTTP too (SECURE_COOKIES=0)


def test_a_site_url_with_a_path_is_refused_at_start_up(tmp_path):
    result = deploy_check({**PRODUCTION, "SITE_URL": "makers.example.org/annuaire"}, tmp_path)
    assert result.returncode != 0
    assert "SITE_URL must be a scheme and a host" in result.stderr


def test_a_blank_contact_address_is_named_too(tmp_path):
    result = deploy_check({**PRODUCTION, "SITE_CONTACT_EMAIL": " "}, tmp_path)
    assert "lack SITE_CONTACT_EMAIL" in result.stdout + result.stderr
