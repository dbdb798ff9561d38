"""Operators and the workshop's visit in the admin: choices read as in the maker space."""

import pytest
from django.urls import reverse
from django.utils import translation

from localiste.makers.models import Maker
from localiste.makers.tests.factories import MakerFactory
from localiste.moderation.tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def change_url(maker: Maker) -> str:
    return reverse("admin:makers_maker_change", args=[maker.pk])


def test_the_workshop_choices_start_with_a_capital_as_in_the_maker_space(operator_client):
    with translation.override("en"):
        page = operator_client.get(change_url(MakerFactory()))  # the English admin
        form = page.context["adminform"].form
        for name in ("payment_methods", "languages_spoken", "workshop_access"):
            labels = [str(label) for _code, label in form.fields[name].choices]
            assert labels and all(label[0].isupper() for label in labels), (name, labels)
        html = page.content.decode()
    assert "Bank card</label>" in html
    assert ">Step-free access</option>" in html


def test_visits_by_appointment_ticked_in_the_admin_are_workshop_visits(client, operator_client):
    maker = MakerFactory(name="Atelier Rendez-vous")
    page = operator_client.get(change_url(maker))

    data = admin_form_data(page)
    data["offers_visits_by_appointment"] = "on"
    data.pop("offers_workshop_visits", None)
    response = operator_client.post(change_url(maker), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    maker.refresh_from_db()
    assert maker.offers_visits_by_appointment and maker.offers_workshop_visits
    found = client.get("/api/v1/search", {"services": "workshop_visits"}).json()["results"]
    assert [hit["name"] for hit in found] == ["Atelier Rendez-vous"]
