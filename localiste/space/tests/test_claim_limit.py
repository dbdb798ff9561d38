"""Asking again for a claim link the same day is refused with a clear message."""

import pytest
from django.urls import reverse

from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def test_a_second_claim_mail_the_same_day_is_refused_with_429(client, make_user, sent_mail):
    maker = MakerFactory(source_key="import:1", email="atelier@example.org")
    url = reverse("space:claim", kwargs={"slug": maker.slug})
    client.force_login(make_user("lucie@example.org"))
    assert client.post(url, {"message": ""}).status_code == 200  # "a link is on its way"

    client.force_login(make_user("paul@example.org"))
    response = client.post("/en" + url, {"message": ""})
    assert response.status_code == 429
    assert "A confirmation link went to this listing&#x27;s email address less than a day ago" in (
        response.content.decode()
    )
    assert len(sent_mail()) == 1
