"""The four site pages a fresh install shows: Localiste's texts, filled in from the settings."""

import importlib
import re

import pytest
from django.apps import apps
from django.test import override_settings
from django.utils import translation

from localiste.content.models import SitePage

pytestmark = pytest.mark.django_db
migration = importlib.import_module("localiste.content.migrations.0005_default_pages_from_settings")

# Square brackets that are not a Markdown link: a blank for the operator to fill in.
BLANK = re.compile(r"\[[^\]]*\](?!\()")

OPERATOR = {
    "SITE_NAME": "Fait main Landes",
    "SITE_OPERATOR_NAME": "Association Les Ateliers landais",
    "SITE_OPERATOR_ADDRESS": "4 rue des Arènes, 40000 Mont-de-Marsan",
    "SITE_PUBLICATION_DIRECTOR": "Claire Dufau, présidente",
    "SITE_HOST_NAME": "Hébergeur Coopératif SCIC",
    "SITE_HOST_ADDRESS": "1 quai des Chartrons, 33000 Bordeaux",
    "SITE_CONTACT_EMAIL": "bonjour@ateliers-landais.example",
    "SITE_SOURCE_CODE_URL": "https://code.example.org/localiste",
}


def _body(page: SitePage, language: str) -> str:
    with translation.override(language):
        return page.body


def test_every_site_page_exists_in_french_and_english():
    pages = {page.slug: page for page in SitePage.objects.all()}

    assert set(pages) == set(SitePage.Slug.values)
    for page in pages.values():
        assert page.title_fr.strip() and page.title_en.strip(), page.slug
        assert _body(page, "fr").strip() and _body(page, "en").strip(), page.slug


def test_a_fresh_install_stores_no_text_so_the_settings_fill_it_in():
    for page in SitePage.objects.all():
        assert (page.body_fr, page.body_en) == ("", ""), page.slug


@override_settings(**OPERATOR)
def test_the_shipped_pages_name_the_operator_and_have_no_blanks_to_fill():
    for page in SitePage.objects.all():
        for language in ("fr", "en"):
            body = _body(page, language)
            assert not BLANK.search(body), (page.slug, language, BLANK.search(body))
            assert "{{" not in body and "{%" not in body, (page.slug, language)
    legal = SitePage.objects.get(slug=SitePage.Slug.LEGAL)
    for language in ("fr", "en"):
        body = _body(legal, language)
        for value in OPERATOR.values():
            if value != "Fait main Landes":
                assert value in body, (language, value)
    about = SitePage.objects.get(slug=SitePage.Slug.ABOUT)
    assert "Fait main Landes est animé par Association Les Ateliers landais" in _body(about, "fr")
    assert "Fait main Landes is run by Association Les Ateliers landais" in _body(about, "en")


@override_settings(
    SITE_NAME="Fait main Landes",
    SITE_OPERATOR_NAME="",
    SITE_OPERATOR_ADDRESS="",
    SITE_PUBLICATION_DIRECTOR="",
    SITE_HOST_NAME="",
    SITE_HOST_ADDRESS="",
    SITE_SOURCE_CODE_URL="",
)
def test_unset_details_read_as_not_published_yet_never_as_blanks():
    legal = SitePage.objects.get(slug=SitePage.Slug.LEGAL)
    english = _body(legal, "en")

    assert "The site is published by Fait main Landes." in english
    assert "Address:" not in english
    assert "the legal representative of Fait main Landes" in english
    assert "The hosting provider's details have not been published yet" in english
    assert "source code is available on request" in english
    french = _body(legal, "fr")
    assert "Le site est édité par Fait main Landes." in french
    assert "Adresse :" not in french
    assert "n'ont pas encore été publiées" in french


def test_the_ranking_page_says_listings_are_never_paid_for():
    page = SitePage.objects.get(slug=SitePage.Slug.RANKING)

    assert "Aucune place ne s'achète" in _body(page, "fr")
    assert "No place can be bought" in _body(page, "en")
    assert "score = (pertinence du texte" in _body(page, "fr")


def test_the_privacy_page_keeps_the_inactivity_and_backup_rules():
    page = SitePage.objects.get(slug=SitePage.Slug.PRIVACY)

    assert "| sauvegardes | 30 jours, puis supprimées |" in _body(page, "fr")
    assert "| backups | 30 days, then deleted |" in _body(page, "en")


def test_the_legal_notice_credits_the_map_and_open_data_sources():
    page = SitePage.objects.get(slug=SitePage.Slug.LEGAL)

    for body in (_body(page, "fr"), _body(page, "en")):
        assert "OpenStreetMap" in body
        assert "Etalab" in body
        assert "GeoNames" in body


def test_the_migration_empties_only_bodies_still_holding_the_shipped_text():
    shipped = migration._shipped()
    page = SitePage.objects.get(slug=SitePage.Slug.LEGAL)
    page.body_fr = "Notre propre texte, avec [nos crochets]."
    page.body_en = shipped[("mentions-legales", "body_en")]
    page.save()

    migration._swap(apps, forward=True)
    page.refresh_from_db()

    assert page.body_fr == "Notre propre texte, avec [nos crochets]."
    assert page.body_en == ""
    migration._swap(apps, forward=False)
    page.refresh_from_db()
    assert page.body_fr == "Notre propre texte, avec [nos crochets]."
    assert page.body_en == shipped[("mentions-legales", "body_en")]
