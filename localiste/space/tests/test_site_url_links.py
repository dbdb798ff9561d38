"""Invitations, claims and posters carry links to SITE_URL, not to the Host of the request."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from localiste.makers.models import Membership
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db
SITE = "https://makers.example.org"
FORGED_HOST = "localhost:8443"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def test_an_invitation_links_to_the_site_url(
    lucie, lucie_client, category, django_capture_on_commit_callbacks
):
    maker = MakerFactory(name="Atelier Lucie", primary_category=category)
    Membership.objects.create(user=lucie, maker=maker, role=Membership.Role.OWNER)
    url = reverse("space:team", kwargs={"slug": maker.slug})
    with django_capture_on_commit_callbacks(execute=True):
        lucie_client.post(url, {"email": "paul@example.org"}, HTTP_HOST=FORGED_HOST)
    (invitation,) = mail.outbox
    assert re.search(rf"{SITE}/espace/invitation/\S+", invitation.body)
    assert FORGED_HOST not in invitation.body


def test_a_claim_links_to_the_site_url(client, make_user, django_capture_on_commit_callbacks):
    maker = MakerFactory(source_key="import:1", email="atelier@example.org")
    client.force_login(make_user("lucie@example.org"))
    url = reverse("space:claim", kwargs={"slug": maker.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": ""}, HTTP_HOST=FORGED_HOST)
    (claim,) = mail.outbox
    assert re.search(rf"{SITE}/espace/revendiquer/confirmer/\S+", claim.body)
    assert FORGED_HOST not in claim.body


def test_the_poster_qr_code_leads_to_the_site_url(lucie, lucie_client, category):
    maker = MakerFactory(name="Atelier QR", primary_category=category)
    Membership.objects.create(user=lucie, maker=maker)
    url = reverse("space:poster", kwargs={"slug": maker.slug})
    response = lucie_client.get(url, HTTP_HOST=FORGED_HOST)
    assert response.context["page_url"] == f"{SITE}/fabricants/{maker.slug}/"
