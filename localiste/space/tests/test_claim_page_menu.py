"""The claim pages are for someone who does not manage the listing yet: no private space menu."""

import pytest
from django.urls import reverse

from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def _assert_no_space_menu(html, maker):
    assert reverse("space:dashboard", kwargs={"slug": maker.slug}) not in html
    assert reverse("space:inbox", kwargs={"slug": maker.slug}) not in html
    assert 'class="space-tabs"' not in html


def test_the_claim_form_shows_no_private_space_menu(client, make_user):
    maker = MakerFactory(source_key="import:1", email="atelier@example.org")
    client.force_login(make_user("lucie@example.org"))
    response = client.get("/en" + reverse("space:claim", kwargs={"slug": maker.slug}))
    assert response.status_code == 200
    _assert_no_space_menu(response.content.decode(), maker)


def test_the_claim_sent_page_shows_no_private_space_menu(client, make_user, sent_mail):
    maker = MakerFactory(source_key="import:1", email="atelier@example.org")
    client.force_login(make_user("lucie@example.org"))
    response = client.post(
        "/en" + reverse("space:claim", kwargs={"slug": maker.slug}), {"message": ""}
    )
    assert response.status_code == 200
    _assert_no_space_menu(response.content.decode(), maker)
