"""The maker page of an imported listing says where its data comes from, and when."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from localiste.makers.models import Maker
from localiste.makers.services import source_create
from localiste.makers.tests.factories import MakerFactory

pytestmark = pytest.mark.django_db

NOVEMBER = timezone.make_aware(datetime.datetime(2026, 11, 14, 10, 0))


def imported(maker: Maker, source, *, seen_at=NOVEMBER) -> Maker:
    Maker.objects.filter(pk=maker.pk).update(
        source=source, source_key=f"k{maker.pk}", source_seen_at=seen_at
    )
    return maker


def page(client, maker: Maker, language: str = "en") -> str:
    with translation.override(language):
        url = reverse("makers:detail", kwargs={"slug": maker.slug})
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def source_line(html: str) -> str:
    found = re.search(r'<p class="note maker__source">(.*?)</p>', html)
    return found.group(1).strip() if found else ""


@pytest.fixture
def sirene():
    return source_create(
        slug="sirene",
        name="SIRENE register",
        kind="sirene",
        licence="Licence Ouverte 2.0",
        licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        attribution="INSEE",
    )


def test_an_imported_listing_names_its_source_and_the_month_it_was_listed(client, sirene):
    maker = imported(MakerFactory(), sirene)
    line = source_line(page(client, maker))
    assert line.startswith("Source: SIRENE register, November 2026 · INSEE · ")
    assert (
        '<a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/" rel="license">'
        "Licence Ouverte 2.0</a>"
    ) in line


def test_the_month_is_said_in_the_pages_language(client, sirene):
    sirene.name = "répertoire SIRENE"
    sirene.save()
    maker = imported(MakerFactory(), sirene)
    assert "répertoire SIRENE, novembre 2026" in source_line(page(client, maker, "fr"))


def test_without_a_date_from_the_listing_the_sources_last_import_is_given(client, sirene):
    sirene.last_imported_at = timezone.make_aware(datetime.datetime(2026, 10, 2, 9, 0))
    sirene.save()
    maker = imported(MakerFactory(), sirene, seen_at=None)
    assert source_line(page(client, maker)).startswith("Source: SIRENE register, October 2026")


def test_a_source_without_licence_or_date_is_only_named(client):
    source = source_create(slug="asso", name="Annuaire de l'association", kind="csv")
    maker = imported(MakerFactory(), source, seen_at=None)
    assert source_line(page(client, maker)) == "Source: Annuaire de l&#x27;association"


def test_a_listing_without_a_source_says_nothing_of_one(client):
    html = page(client, MakerFactory())
    assert "maker__source" not in html and "Source:" not in html


def test_the_source_costs_the_page_no_query(client, sirene):
    plain = MakerFactory()
    maker = imported(MakerFactory(), sirene)
    counts = []
    for listing in (plain, maker):
        page(client, listing)  # warm what the first request of a process caches
        with CaptureQueriesContext(connection) as queries:
            page(client, listing)
        counts.append(len(queries))
    assert counts[0] == counts[1]
