import pytest
from django.urls import reverse

from localiste.metrics.clicks import click_token
from localiste.metrics.models import DailyCount
from localiste.metrics.views import CLICKS_PER_ADDRESS

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"}


def _url(link, object_id=42):
    return reverse("metrics:contact_click", args=[click_token(link=link, object_id=object_id)])


def _count(kind, object_id=42):
    return sum(
        DailyCount.objects.filter(kind=kind, object_id=object_id).values_list("count", flat=True)
    )


@pytest.mark.parametrize("link", ["phone", "website"])
def test_a_click_counts_per_kind_and_sets_no_cookie(client, link):
    response = client.post(_url(link), **BROWSER)
    client.post(_url(link), **BROWSER)

    assert response.status_code == 204
    assert not response.cookies
    assert _count(f"maker.contact.{link}") == 2
    other = "website" if link == "phone" else "phone"
    assert _count(f"maker.contact.{other}") == 0


def test_a_forged_or_unknown_token_is_404(client):
    token = click_token(link="phone", object_id=42)
    forged = token.replace("phone.42", "phone.43")
    assert client.post(f"/stats/clic/{forged}/", **BROWSER).status_code == 404
    assert client.post("/stats/clic/nonsense/", **BROWSER).status_code == 404
    assert not DailyCount.objects.exists()


def test_get_is_refused(client):
    assert client.get(_url("phone"), **BROWSER).status_code == 405
    assert not DailyCount.objects.exists()


def test_the_ping_needs_no_csrf_token(client):
    strict = type(client)(enforce_csrf_checks=True)
    response = strict.post(_url("website"), content_type="text/ping", data="PING", **BROWSER)
    assert response.status_code == 204
    assert _count("maker.contact.website") == 1


def test_robots_are_not_counted(client):
    response = client.post(_url("website"), HTTP_USER_AGENT="Googlebot/2.1")
    assert response.status_code == 204
    assert _count("maker.contact.website") == 0


def test_clicks_are_rate_limited_per_address(client):
    limit, _window = CLICKS_PER_ADDRESS
    for _ in range(limit):
        assert client.post(_url("phone"), **BROWSER).status_code == 204
    refused = client.post(_url("phone"), **BROWSER)

    assert refused.status_code == 429
    assert _count("maker.contact.phone") == limit
    other_address = client.post(_url("phone"), REMOTE_ADDR="192.0.2.9", **BROWSER)
    assert other_address.status_code == 204


def test_a_token_names_only_known_links():
    with pytest.raises(ValueError):
        click_token(link="email", object_id=1)
