"""What search engines read of visiting a workshop: payment, languages, wheelchair access."""

import json
import re

import pytest

from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def json_ld(client, maker) -> dict:
    html = client.get(maker.get_absolute_url()).content.decode()
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_a_local_business_states_payment_languages_and_step_free_access(client):
    maker = MakerFactory(
        payment_methods=["cash", "cheque", "card"],
        languages_spoken=["fr", "en"],
        workshop_access="step_free",
        workshop_access_note="Entrée de plain-pied",
    )
    data = json_ld(client, maker)
    assert data["@type"] == "LocalBusiness"
    assert data["paymentAccepted"] == "Cash, Check, Credit Card"
    assert data["knowsLanguage"] == ["fr", "en"]
    assert data["amenityFeature"] == [
        {
            "@type": "LocationFeatureSpecification",
            "name": "Wheelchair accessible",
            "value": True,
            "description": "Entrée de plain-pied",
        }
    ]


def test_a_workshop_a_wheelchair_cannot_enter_says_so(client):
    data = json_ld(client, MakerFactory(workshop_access="not_accessible"))
    assert data["amenityFeature"] == [
        {"@type": "LocationFeatureSpecification", "name": "Wheelchair accessible", "value": False}
    ]


@pytest.mark.parametrize("access", ["unknown", "partly"])
def test_no_claim_on_access_when_it_is_not_a_plain_yes_or_no(client, access):
    data = json_ld(client, MakerFactory(workshop_access=access))
    assert "amenityFeature" not in data
    assert "paymentAccepted" not in data and "knowsLanguage" not in data
