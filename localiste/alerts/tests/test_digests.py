"""What a digest lists, and when: good matches only, nothing once its search is gone, makers
who show their town only, contiguous windows, and one failing alert stopping no other."""

import datetime
import logging

import pytest
from django.utils import timezone

from localiste.alerts import selectors, services
from localiste.alerts.models import SearchAlert
from localiste.alerts.services import DIGEST_EVERY, SAFETY_LAG, alert_digests_send
from localiste.alerts.tests.conftest import SITE, link, received, text_of
from localiste.alerts.tests.factories import alert_made
from localiste.mail.tests.conftest import smtp  # noqa: F401 (the fixture)
from localiste.makers.models import Maker
from localiste.makers.tests.factories import MakerFactory
from localiste.places.models import Place

pytestmark = pytest.mark.django_db
NEAR = {"latitude": 44.85, "longitude": -0.62, "locality": "Mérignac"}
HOUR = datetime.timedelta(hours=1)


def week_after(moment: datetime.datetime) -> datetime.datetime:
    return moment + DIGEST_EVERY + SAFETY_LAG + datetime.timedelta(minutes=1)


def names_in(smtp) -> list[str]:  # noqa: F811
    return [text_of(message) for message in received(smtp)]


def test_makers_with_only_some_of_the_words_are_not_sent(gironde, ceramics, smtp):  # noqa: F811
    alert_made(q="bol turquoise")
    MakerFactory(name="Le bol rond", tagline="Bols en grès", primary_category=ceramics, **NEAR)
    received(smtp)
    assert alert_digests_send(now=week_after(timezone.now())) == 0
    assert received(smtp) == []


def test_makers_with_every_word_are_sent(gironde, ceramics, smtp):  # noqa: F811
    alert_made(q="bol turquoise")
    MakerFactory(name="Le bol turquoise", primary_category=ceramics, **NEAR)
    MakerFactory(name="Le bol rond", tagline="Bols en grès", primary_category=ceramics, **NEAR)
    received(smtp)
    assert alert_digests_send(now=week_after(timezone.now())) == 1
    (body,) = names_in(smtp)
    assert "Le bol turquoise" in body and "Le bol rond" not in body


def test_an_alert_whose_category_is_gone_stops_and_says_so_once(gironde, ceramics, smtp):  # noqa: F811
    from localiste.catalog.tests.factories import CategoryFactory

    gone = CategoryFactory(slug="t-vannerie", name_en="Basketry")
    alert = alert_made(email="ana@example.org", categorie=gone.slug)
    gone.delete()
    MakerFactory(name="Céramiques", primary_category=ceramics, **NEAR)
    received(smtp)
    assert alert_digests_send(now=week_after(timezone.now())) == 0
    (notice,) = received(smtp)
    assert notice["To"] == "ana@example.org"
    assert notice["Subject"].strip() == "Your alert on Localiste Gironde has stopped"
    body = text_of(notice)
    assert "within 25 km of Mérignac has stopped" in body and "Céramiques" not in body
    assert link(body, r"/en/recherche/\S+").startswith("/en/recherche/?")
    assert not SearchAlert.objects.filter(pk=alert.pk).exists()
    assert alert_digests_send(now=week_after(week_after(timezone.now()))) == 0
    assert received(smtp) == []


def test_an_alert_whose_territory_is_switched_off_sends_nothing(gironde, ceramics, smtp):  # noqa: F811
    from localiste.places.models import Territory

    territory = Territory.objects.filter(is_active=True).first()
    alert_made(territoire=territory.slug)
    Territory.objects.filter(pk=territory.pk).update(is_active=False)
    MakerFactory(primary_category=ceramics, **NEAR)
    received(smtp)
    assert alert_digests_send(now=week_after(timezone.now())) == 0
    assert [message["Subject"].strip() for message in received(smtp)] == [
        "Your alert on Localiste Gironde has stopped"
    ]


def test_a_maker_showing_only_their_commune_is_found_at_its_centre(gironde, ceramics, smtp):  # noqa: F811
    merignac = Place.objects.filter(name="Mérignac").first()
    alert_made(rayon="5", categorie=ceramics.slug)
    # The workshop itself is 20 km away; the public sees it at Mérignac's centre.
    MakerFactory(
        name="Atelier discret",
        primary_category=ceramics,
        place=merignac,
        location_precision=Maker.Precision.COMMUNE,
        latitude=merignac.latitude + 0.18,
        longitude=merignac.longitude,
        locality="Mérignac",
    )
    received(smtp)
    assert alert_digests_send(now=week_after(timezone.now())) == 1
    (body,) = names_in(smtp)
    assert "Atelier discret" in body


def test_a_maker_committed_after_the_run_but_dated_before_it_comes_next_week(
    gironde,
    ceramics,
    smtp,  # noqa: F811
):
    alert_made(categorie=ceramics.slug)
    first = week_after(timezone.now())
    assert alert_digests_send(now=first) == 0
    # An import that started an hour before the run commits after it, dated at its start.
    MakerFactory(name="Import tardif", primary_category=ceramics, published_at=first - HOUR, **NEAR)
    assert Maker.objects.get(name="Import tardif").published_at == first - HOUR
    received(smtp)
    assert alert_digests_send(now=first + DIGEST_EVERY) == 1
    (body,) = names_in(smtp)
    assert "Import tardif" in body


def test_every_maker_of_a_busy_week_is_looked_at(gironde, ceramics, smtp, monkeypatch):  # noqa: F811
    # Chunks and pages of two and one ids, so that five makers take several of each.
    monkeypatch.setattr(selectors, "CANDIDATES_PER_CHUNK", 2)
    monkeypatch.setattr(selectors, "CANDIDATES_PER_QUERY", 1)
    alert_made(categorie=ceramics.slug)
    for number in range(5):
        MakerFactory(name=f"Potier {number}", primary_category=ceramics, **NEAR)
    MakerFactory(name="Trop loin", primary_category=ceramics, latitude=45.5, longitude=-0.6)
    received(smtp)
    assert alert_digests_send(now=week_after(timezone.now())) == 1
    (digest,) = received(smtp)
    assert digest["Subject"].strip() == "5 new makers for your alert"
    assert "Trop loin" not in text_of(digest)


def test_a_daily_job_run_a_little_earlier_each_week_skips_no_week(gironde, ceramics, smtp):  # noqa: F811
    start = timezone.now()
    alert_made(categorie=ceramics.slug)
    MakerFactory(name="Semaine un", primary_category=ceramics, **NEAR)
    received(smtp)
    first = week_after(start) - 2 * HOUR
    assert alert_digests_send(now=first) == 1
    assert alert_digests_send(now=first + datetime.timedelta(days=3)) == 0
    MakerFactory(
        name="Semaine deux",
        primary_category=ceramics,
        published_at=first + datetime.timedelta(days=1),
        **NEAR,
    )
    assert alert_digests_send(now=first + DIGEST_EVERY - 2 * HOUR) == 1
    first_body, second_body = names_in(smtp)
    assert "Semaine un" in first_body and "Semaine deux" not in first_body
    assert "Semaine deux" in second_body


def test_one_failing_alert_stops_no_other(gironde, ceramics, smtp, monkeypatch, caplog):  # noqa: F811
    broken = alert_made(email="broken@example.org", categorie=ceramics.slug)
    alert_made(email="fine@example.org", categorie=ceramics.slug)
    MakerFactory(name="Pour tous", primary_category=ceramics, **NEAR)
    real = services.alert_new_makers

    def failing(alert, **window):
        if alert.pk == broken.pk:
            raise RuntimeError("the engine is down")
        return real(alert, **window)

    monkeypatch.setattr(services, "alert_new_makers", failing)
    received(smtp)
    with caplog.at_level(logging.ERROR, logger="localiste.alerts.services"):
        assert alert_digests_send(now=week_after(timezone.now())) == 1
    (digest,) = received(smtp)
    assert digest["To"] == "fine@example.org"
    assert any(f"Alert {broken.pk}" in record.getMessage() for record in caplog.records)
    # The failed alert was not moved on: its window waits for the next run.
    assert SearchAlert.objects.get(pk=broken.pk).last_digest_at is None


def test_without_site_url_the_digests_wait(gironde, ceramics, smtp, settings):  # noqa: F811
    alert_made(categorie=ceramics.slug)
    MakerFactory(primary_category=ceramics, **NEAR)
    received(smtp)
    settings.SITE_URL = ""
    at = week_after(timezone.now())
    assert alert_digests_send(now=at) == 0
    assert SearchAlert.objects.get().last_digest_at is None
    settings.SITE_URL = SITE
    assert alert_digests_send(now=at) == 1
