"""The Atom feed of an alert's search: its newest makers, for a confirmed alert only."""

import pytest

from localiste.alerts.tests.factories import alert_made
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db


def test_the_feed_lists_the_newest_makers_of_the_search(client, gironde, ceramics):
    MakerFactory(
        name="Poteries du Parc", primary_category=ceramics, latitude=44.85, longitude=-0.62
    )
    MakerFactory(name="Grès du Médoc", primary_category=ceramics, latitude=45.3, longitude=-0.64)
    MakerFactory(name="Autre chose", latitude=44.85, longitude=-0.62)
    alert = alert_made(categorie=ceramics.slug, rayon="25")
    response = client.get(f"/en/alertes/{alert.feed_token}/flux.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "<title>New makers: Ceramics within 25 km of Mérignac</title>" in xml
    assert "Poteries du Parc" in xml
    assert "Grès du Médoc" not in xml and "Autre chose" not in xml
    assert "/en/recherche/?categorie=t-ceramique" in xml


def test_no_feed_before_the_confirmation_nor_with_the_other_token(client, gironde):
    alert = alert_made(confirmed=False)
    assert client.get(f"/en/alertes/{alert.feed_token}/flux.atom").status_code == 404
    confirmed = alert_made(email="bob@example.org")
    assert client.get(f"/en/alertes/{confirmed.token}/flux.atom").status_code == 404
