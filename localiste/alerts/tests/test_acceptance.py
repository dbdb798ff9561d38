"""Issue 14's acceptance: subscribe from the search page, confirm from the mail, two makers
published 5 and 50 km away, one weekly digest with the near one only, unsubscribe deletes.

Every mail goes through the outbox to a real SMTP server on 127.0.0.1 (aiosmtpd).
"""

import datetime

import pytest
from django.utils import timezone

from localiste.alerts.models import SearchAlert
from localiste.alerts.services import SAFETY_LAG, alert_digests_send
from localiste.alerts.tests.conftest import (
    KM_PER_DEGREE,
    SITE,
    alert_form_fields,
    link,
    received,
    text_of,
)
from localiste.catalog.tests.factories import CategoryFactory
from localiste.mail.models import OutgoingMail
from localiste.mail.tests.conftest import smtp  # noqa: F401 (the fixture)
from localiste.makers.tests.factories import MakerFactory
from localiste.places.models import Place

pytestmark = pytest.mark.django_db


def north_of(place: Place, km: float) -> dict:
    return {"latitude": place.latitude + km / KM_PER_DEGREE, "longitude": place.longitude}


def test_subscribe_confirm_digest_of_the_near_maker_only_then_unsubscribe(
    client,
    gironde,
    ceramics,
    smtp,  # noqa: F811
):
    merignac = Place.objects.filter(name="Mérignac").first()
    page = client.get("/en/recherche/", {"categorie": ceramics.slug, "lieu": "Mérignac"})
    assert page.status_code == 200
    fields = alert_form_fields(page.content.decode())
    assert fields["rayon"] == ["25"]
    fields["email"] = ["Ana.Subscriber@example.org"]

    answer = client.post("/en/alertes/", fields, follow=True)
    assert answer.status_code == 200
    assert "Check your mailbox" in answer.content.decode()
    (confirmation,) = received(smtp)
    assert confirmation["To"] == "Ana.Subscriber@example.org"
    assert "Confirm your alert on Localiste Gironde" in confirmation["Subject"]
    body = text_of(confirmation)
    assert "Ceramics within 25 km of Mérignac" in body
    confirm = link(body, r"/en/alertes/confirmer/\S+/")

    # Opening the link confirms nothing (a link scanner would); its button does.
    assert "Confirm the alert" in client.get(confirm).content.decode()
    assert not SearchAlert.objects.get().is_confirmed
    done = client.post(confirm)
    assert "Your alert is on" in done.content.decode()
    assert SearchAlert.objects.get().is_confirmed

    near = MakerFactory(
        name="Poteries du Parc",
        primary_category=ceramics,
        locality="Mérignac",
        **north_of(merignac, 5),
    )
    MakerFactory(
        name="Grès du Médoc",
        primary_category=ceramics,
        locality="Lesparre",
        **north_of(merignac, 50),
    )
    MakerFactory(
        name="Meubles du Parc",
        primary_category=CategoryFactory(slug="t-meubles", name_en="Furniture"),
        **north_of(merignac, 4),
    )
    week_later = timezone.now() + datetime.timedelta(days=7, minutes=1) + SAFETY_LAG
    assert alert_digests_send(now=week_later) == 1

    (digest,) = received(smtp)
    assert digest["To"] == "Ana.Subscriber@example.org"
    assert digest["Subject"].strip() == "1 new maker for your alert"
    body = text_of(digest)
    assert "Poteries du Parc" in body
    assert f"{SITE}/en/fabricants/{near.slug}/" in body
    assert "Mérignac · Ceramics · 5.0 km away" in body
    assert "Grès du Médoc" not in body and "Meubles du Parc" not in body
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = link(body, r"/en/alertes/desabonner/\S+/")
    # The mail program's button deletes this alert at once (not the generic bulk link).
    assert digest["List-Unsubscribe"].strip() == f"<{SITE}{unsubscribe}>"

    # Nothing new since: the next week brings no mail.
    assert alert_digests_send(now=week_later + datetime.timedelta(days=7, minutes=1)) == 0
    assert received(smtp) == []

    assert "Unsubscribe" in client.get(unsubscribe).content.decode()
    assert SearchAlert.objects.exists()
    gone = client.post(unsubscribe)
    assert "You are unsubscribed" in gone.content.decode()
    assert not SearchAlert.objects.exists()
    assert not OutgoingMail.objects.filter(reference__startswith="alerts.").exists()
    assert client.get(unsubscribe).status_code == 404
