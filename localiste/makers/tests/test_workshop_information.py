"""Visiting the workshop as the public reads it: on the maker page and in the API."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from localiste.discovery.params import SERVICES as FILTERS
from localiste.makers import services
from localiste.makers.models import Maker
from localiste.makers.models.service_offers import SERVICES
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db

VISIT = {
    "offers_visits_by_appointment": True,
    "workshop_access": "partly",
    "workshop_access_note": "Une marche de 10 cm à l'entrée",
    "languages_spoken": ["fr", "en", "oc"],
    "payment_methods": ["cash", "cheque", "card"],
}


def page(client, maker: Maker, language: str = "fr") -> str:
    with translation.override("fr"):
        path = maker.get_absolute_url()
    response = client.get(("/en" if language == "en" else "") + path)
    assert response.status_code == 200
    return response.content.decode()


def workshop_section(html: str) -> str:
    found = re.search(
        r'<section class="panel" aria-labelledby="workshop-title">.*?</section>', html, re.S
    )
    assert found, "no workshop section"
    return found.group(0)


def test_the_page_tells_visitors_how_to_visit_in_english(client):
    maker = MakerFactory(**VISIT)
    section = workshop_section(page(client, maker, "en"))
    assert '<h2 id="workshop-title" class="panel__title">Visiting the workshop</h2>' in section
    assert "By appointment" in section
    assert "Partly accessible. Une marche de 10 cm à l&#x27;entrée" in section
    assert "English, Occitan" in section and "French" in section
    assert "Cash, cheque, bank card" in section


def test_the_french_page_names_the_languages_in_french(client):
    maker = MakerFactory(**VISIT)
    section = workshop_section(page(client, maker))
    assert "Français, Anglais" in section
    assert "English" not in section


def test_nothing_is_said_of_a_visit_the_maker_said_nothing_about(client):
    html = page(client, MakerFactory(), "en")
    assert 'id="workshop-title"' not in html and "Visiting the workshop" not in html


def test_an_access_note_alone_is_shown(client):
    maker = MakerFactory(workshop_access_note="Porte de 75 cm")
    section = workshop_section(page(client, maker, "en"))
    assert "Wheelchair access" in section and "Porte de 75 cm" in section


def test_the_service_refuses_codes_off_the_lists(operator):
    maker = MakerFactory()
    for fields in (
        {"payment_methods": ["bitcoin"]},
        {"languages_spoken": ["klingon"]},
        {"languages_spoken": "fr"},  # a list, not a string
        {"payment_methods": ["cash", "cash"]},
        {"workshop_access": "sometimes"},
    ):
        with pytest.raises(ValidationError):
            services.maker_update(
                maker=maker, editor=operator, version=maker.version, fields=fields
            )
        maker.refresh_from_db()
    assert maker.payment_methods == [] and maker.languages_spoken == []
    assert maker.workshop_access == "unknown"


def test_the_api_gives_the_codes(client):
    maker = MakerFactory(**VISIT)
    body = client.get(f"/api/v1/makers/{maker.slug}").json()
    assert body["visits_by_appointment"] is True
    assert body["payment_methods"] == ["cash", "cheque", "card"]
    assert body["languages_spoken"] == ["fr", "en", "oc"]
    assert body["workshop_access"] == "partly"
    assert body["workshop_access_note"] == "Une marche de 10 cm à l'entrée"

    quiet = client.get(f"/api/v1/makers/{MakerFactory().slug}").json()
    assert quiet["visits_by_appointment"] is False
    assert quiet["payment_methods"] == [] and quiet["languages_spoken"] == []
    assert quiet["workshop_access"] == "unknown" and quiet["workshop_access_note"] == ""


def test_the_openapi_schema_describes_the_visit_fields(client):
    schema = client.get("/api/v1/openapi.json").json()
    maker = schema["components"]["schemas"]["MakerOut"]["properties"]
    assert maker["visits_by_appointment"]["type"] == "boolean"
    assert "cash" in maker["payment_methods"]["items"]["enum"]
    assert {"fr", "en", "oc"} <= set(maker["languages_spoken"]["items"]["enum"])
    assert set(maker["workshop_access"]["enum"]) == {
        "unknown",
        "step_free",
        "partly",
        "not_accessible",
    }
    for name in ("payment_methods", "languages_spoken", "workshop_access", "workshop_access_note"):
        assert maker[name]["description"]


def test_one_list_of_services_for_the_search_the_api_and_the_filters(client):
    codes = [
        "workshop_visits", "on_site_sale", "online_shop", "made_to_order", "by_appointment",
        "shipping",
    ]  # fmt: skip
    assert list(SERVICES) == list(FILTERS) == codes
    maker = MakerFactory(**{service.field: True for service in SERVICES.values()})

    detail = client.get(f"/api/v1/makers/{maker.slug}").json()
    assert detail["services"] == codes
    for code in codes:
        results = client.get("/api/v1/search", {"services": code}).json()["results"]
        assert [hit["name"] for hit in results] == [maker.name], code
    with translation.override("en"):
        assert str(FILTERS["by_appointment"]) == "Visits by appointment"
